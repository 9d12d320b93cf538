import { describe, expect, it } from "vitest";
import { ScenarioError } from "../../../../src/harness/index.js";
import { scenarioRefusal } from "../../../support/scenario-refusal.js";
import { parseRaftScenario } from "../../../../src/labs/raft/scenario/index.js";

const base = { kvlab: "kvlab-scenario/1", lab: "raft", seed: 1, peers: 3, workload: { clients: 1, everyMs: 50, forMs: 1000 } };

/** The one-line refusal of `base` with `fields` changed. */
function refusal(fields: Record<string, unknown>): string {
  return scenarioRefusal(() => parseRaftScenario({ ...base, ...fields }, "s.json"));
}

describe("a Raft scenario file", () => {
  it("takes the least a scenario needs, and fills in the rest: the reference, no snapshots, a reliable network, no faults, every check", () => {
    expect(parseRaftScenario(base, "s.json")).toEqual({ ...base, implementation: "reference", snapshot: false, network: ["reliable"], faults: [], checks: ["invariants", "agreement", "committed"] });
  });

  it("takes every fault of the timeline", () => {
    const faults = [
      { atMs: 0, action: "crash", peer: 0 },
      { atMs: 10, action: "restart", peer: 0 },
      { atMs: 20, action: "disconnect", peer: 1 },
      { atMs: 30, action: "connect", peer: 1 },
      { atMs: 40, action: "partition", groups: [[0], [1, 2]] },
      { atMs: 50, action: "heal" },
      { atMs: 55, action: "partition", groups: [[2]] }, // peer 2 against the peers no group names
      { atMs: 58, action: "heal" },
      { atMs: 60, action: "unreliable", on: true },
      { atMs: 70, action: "longReordering", on: false },
    ];
    expect(parseRaftScenario({ ...base, faults }, "s.json").faults).toEqual(faults);
  });

  it.each([
    ["the format", { kvlab: "kvlab-scenario/2" }, 'kvlab: Invalid input: expected "kvlab-scenario/1"'],
    ["the lab", { lab: "kv" }, 'lab: Invalid input: expected "raft"'],
    ["the seed", { seed: 1.5 }, "seed: an integer, or a non-empty string"],
    ["too few peers", { peers: 2 }, "peers: at least 3 peers"],
    ["too many peers", { peers: 8 }, "peers: at most 7 peers"],
    ["no peers", { peers: undefined }, "peers: missing: expected a number"],
    ["snapshot", { snapshot: "yes" }, "snapshot: Invalid input: expected boolean, received string"],
    ["the network", { network: ["duplicating"] }, 'network[0]: Invalid option: expected one of "reliable"|"unreliable"|"longReordering"'],
    ["the clients", { workload: { clients: 0, everyMs: 50, forMs: 1000 } }, "workload.clients: at least 1 client"],
    ["how often", { workload: { clients: 1, everyMs: 0, forMs: 1000 } }, "workload.everyMs: at least 1 ms between commands"],
    ["for how long", { workload: { clients: 1, everyMs: 50 } }, "workload.forMs: missing: expected a number"],
    ["a field the workload lacks", { workload: { clients: 1, everyMs: 50, forMs: 1000, ops: 3 } }, 'workload: Unrecognized key: "ops"'],
    ["a fault's action", { faults: [{ atMs: 0, action: "explode" }] }, "faults[0].action: an action: one of crash, restart, disconnect, connect, partition, heal, unreliable, longReordering"],
    ["a fault's instant", { faults: [{ atMs: -5, action: "heal" }] }, "faults[0].atMs: a time in ms ≥ 0"],
    ["a fault past ten minutes, where 10^12 ms kept replay simulating for hours", { faults: [{ atMs: 1e12, action: "heal" }] }, "faults[0].atMs: a time in ms ≤ 600000"],
    ["a workload past ten minutes", { workload: { clients: 1, everyMs: 50, forMs: 600_001 } }, "workload.forMs: a time in ms ≤ 600000"],
    ["commands further apart than ten minutes", { workload: { clients: 1, everyMs: 600_001, forMs: 1000 } }, "workload.everyMs: at most 600000 ms between commands"],
    ["a fault's instant in whole ms", { faults: [{ atMs: 2.5, action: "heal" }] }, "faults[0].atMs: a whole number of ms"],
    ["a fault's peer", { faults: [{ atMs: 0, action: "crash" }] }, "faults[0].peer: missing: expected a number"],
    ["a peer the cluster lacks", { faults: [{ atMs: 0, action: "disconnect", peer: 3 }] }, "faults[0].peer: no peer 3: the peers are 0..2"],
    ["a partition of one group", { faults: [{ atMs: 0, action: "partition", groups: [[0, 1, 2]] }] }, "faults[0].groups: at least two groups (the peers no group names are one)"],
    ["a partition without groups", { faults: [{ atMs: 0, action: "partition", groups: [] }] }, "faults[0].groups: at least one group"],
    ["a partition's empty group", { faults: [{ atMs: 0, action: "partition", groups: [[0], []] }] }, "faults[0].groups[1]: a group names at least one peer"],
    ["a peer in two groups", { faults: [{ atMs: 0, action: "partition", groups: [[0, 1], [1, 2]] }] }, "faults[0].groups: a peer is in two groups"],
    ["a partition's peer the cluster lacks", { faults: [{ atMs: 0, action: "partition", groups: [[0], [7]] }] }, "faults[0].groups: no peer 7: the peers are 0..2"],
    ["a network switch without on", { faults: [{ atMs: 0, action: "unreliable" }] }, "faults[0].on: missing: expected a boolean"],
    ["a fault's stray field", { faults: [{ atMs: 0, action: "heal", peer: 1 }] }, 'faults[0]: Unrecognized key: "peer"'],
    ["a check", { checks: ["speed"] }, 'checks[0]: Invalid option: expected one of "invariants"|"agreement"|"committed"'],
    ["the expected verdict", { expect: { verdict: "maybe" } }, 'expect.verdict: Invalid option: expected one of "pass"|"fail"'],
    ["the trace hash", { expect: { verdict: "pass", traceHash: "abc" } }, "expect.traceHash: 16 hex digits"],
    ["a regression that passes", { expect: { verdict: "pass", regression: true } }, 'expect.regression: a regression scenario records a failure: its verdict is "fail"'],
    ["a stray field", { peer: 3 }, '(top level): Unrecognized key: "peer"'],
  ])("refuses %s in one line naming file and field", (_what, fields, message) => {
    expect(refusal(fields)).toBe(`s.json: ${message}`);
  });

  it("refuses anything but an object", () => {
    expect(() => parseRaftScenario([], "s.json")).toThrow(new ScenarioError("s.json: (top level): Invalid input: expected object, received array"));
  });
});
