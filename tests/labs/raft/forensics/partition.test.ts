import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import type { Lab, Run } from "../../../../src/harness/index.js";
import { raftLab, type RaftImplementation } from "../../../../src/labs/raft/index.js";
import { votesForAnyLog } from "./buggy.js";

/** A scenario kvlab fuzz shrank: raft-1 cut off by a partition for the first second, then back with a longer term. */
const scenario = raftLab.scenarios!.parse(
  {
    kvlab: "kvlab-scenario/1",
    lab: "raft",
    implementation: "reference",
    seed: 0,
    peers: 3,
    network: ["reliable"],
    workload: { clients: 1, everyMs: 50, forMs: 1000 },
    faults: [{ atMs: 0, action: "partition", groups: [[1], [0, 2]] }],
  },
  "partition.json",
);

describe("a Raft scenario's failure explained", () => {
  it("has its partition on the timeline and on the page, until the end checks heal it", async () => {
    const { definition, seed, network } = raftLab.scenarios!.toRun(scenario, "partitioned");
    const run = { lab: raftLab as Lab, impl: votesForAnyLog, definition, seed, options: { ...(network ? { network } : {}) } } as Run<RaftImplementation>;
    const explanation = (await raftLab.explain!(run))!;
    const lines = explanation.lines.map((line) => stripVTControlCharacters(line));
    expect(lines[0]).toMatch(/^Fatal: leader completeness violated: raft-1 leads term \d+ but has nothing at index 1/);
    expect(lines).toContainEqual("       0.000ms  partition raft-1 <-/-> raft-0,raft-2");
    const healed = lines.find((line) => line.endsWith("  partitions healed"))!;
    const healedMs = Number(/([\d.]+)ms/.exec(healed)![1]);
    expect(explanation.view!.markers).toContainEqual({ atMs: 0, untilMs: healedMs, kind: "partition", label: "partition raft-1 <-/-> raft-0,raft-2" });
  });
});
