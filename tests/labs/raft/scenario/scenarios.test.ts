// The shipped Raft scenarios (scenarios/raft/*.json) replay exactly: each run is the one its file
// recorded (verdict and trace hash), and a buggy Raft fails the churn scenario where its logs break.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadImplementation, readScenario, replayOutcome, runScenario, scenarioImplementation, type Lab } from "../../../../src/harness/index.js";
import { raftLab, type RaftImplementation } from "../../../../src/labs/raft/index.js";
import type { RaftScenario } from "../../../../src/labs/raft/scenario/index.js";
import { repo } from "../../../support/run-cli.js";

const dir = join(repo, "scenarios", "raft");
const shipped = readdirSync(dir).filter((file) => file.endsWith(".json"));

describe("the shipped Raft scenarios", () => {
  it("are the three kinds of trouble the lab names: a leader partitioned then healed, a majority crashed and restarted, long reordering with churn", () => {
    expect(shipped).toEqual(["leader-partitioned-then-healed.json", "long-reordering-with-churn.json", "majority-crash-and-restart.json"]);
  });

  it.each(shipped)("%s replays exactly on the reference: its verdict and recorded trace hash, run after run", async (name) => {
    const file = readScenario(raftLab as never, join(dir, name));
    expect(file.scenario.expect?.traceHash).toMatch(/^[0-9a-f]{16}$/);
    const [first, second] = [await runScenario(raftLab as never, raftLab.reference, file.scenario, file.name), await runScenario(raftLab as never, raftLab.reference, file.scenario, file.name)];
    expect(replayOutcome(file.scenario, first)).toEqual({ kind: "reproduced" });
    expect(second.traceHash).toBe(first.traceHash);
  });

  it("the churn scenario fails a Raft that votes without the log check as its logs break, long before the end checks", async () => {
    const file = readScenario(raftLab as never, join(dir, "long-reordering-with-churn.json"));
    const votesWithoutLogCheck = await loadImplementation<RaftImplementation>(raftLab as Lab<RaftImplementation>, join(repo, "examples", "raft", "buggy", "votes-without-log-check.ts"));
    const report = await runScenario(raftLab as never, votesWithoutLogCheck, file.scenario, file.name);
    expect(report.verdict).toBe("fail");
    expect(report.message).toMatch(/^leader completeness violated: raft-\d leads term \d+ but has /);
    expect(report.virtualMs).toBeLessThan((file.scenario as RaftScenario).workload.forMs);
  });
});

describe("the shipped Raft regression scenario (kvlab fuzz found it)", () => {
  const path = join(dir, "regressions", "handlers-never-persist-seed1.json");

  it("still fails, as recorded, on a Raft whose handlers never save: a value a client saw committed is gone from the final logs, which only the end check sees", async () => {
    const file = readScenario(raftLab as never, path);
    const report = await runScenario(raftLab as never, await scenarioImplementation(raftLab as never, file), file.scenario, file.name);
    expect(report.message).toBe("c0.8 was seen committed at index 1, but raft-0's final log has final there");
    expect(replayOutcome(file.scenario, report)).toEqual({ kind: "still failing", problems: [] });
  });

  it("is fixed on the reference", async () => {
    const file = readScenario(raftLab as never, path);
    expect(replayOutcome(file.scenario, await runScenario(raftLab as never, raftLab.reference, file.scenario, file.name))).toEqual({ kind: "fixed" });
  });
});
