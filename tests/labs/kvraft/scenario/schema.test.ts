import { describe, expect, it } from "vitest";
import { scenarioRefusal } from "../../../support/scenario-refusal.js";
import { parseKvRaftScenario } from "../../../../src/labs/kvraft/scenario/index.js";

const workload = { clients: 2, keys: 1, putPercent: 50, durationMs: 2000 };
const base = { kvlab: "kvlab-scenario/1", lab: "kvraft", seed: 1, servers: 3, workload };

/** The one-line refusal of `base` with `fields` changed. */
function refusal(fields: Record<string, unknown>): string {
  return scenarioRefusal(() => parseKvRaftScenario({ ...base, ...fields }, "s.json"));
}

describe("a replicated KV scenario file", () => {
  it("takes the least a scenario needs, and fills in the rest: the reference, no snapshots, a reliable network, a pause of 1 ms, no faults, every check", () => {
    expect(parseKvRaftScenario(base, "s.json")).toEqual({ ...base, implementation: "reference", maxRaftState: -1, network: ["reliable"], workload: { ...workload, pauseMs: 1 }, faults: [], checks: ["returns", "linearizability"] });
  });

  it("takes the Raft lab's fault vocabulary, each fault naming a server as its peer", () => {
    const onServer = ["crash", "restart", "disconnect", "connect"].map((action, k) => ({ atMs: 100 * k, action, peer: 2 - (k % 3) }));
    const onNetwork = [{ atMs: 500, action: "partition", groups: [[2], [0, 1]] }, { atMs: 600, action: "heal" }, { atMs: 700, action: "unreliable", on: false }, { atMs: 800, action: "longReordering", on: true }];
    const faults = [...onServer, ...onNetwork];
    expect(parseKvRaftScenario({ ...base, faults, maxRaftState: 1000 }, "s.json")).toMatchObject({ faults, maxRaftState: 1000 });
  });

  it.each([
    ["the format", { kvlab: "kvlab-scenario/2" }, 'kvlab: Invalid input: expected "kvlab-scenario/1"'],
    ["the lab", { lab: "raft" }, 'lab: Invalid input: expected "kvraft"'],
    ["the implementation", { implementation: "" }, "implementation: Too small: expected string to have >=1 characters"],
    ["the Raft part", { parts: { raft: "" } }, "parts.raft: a module path, relative to the scenario file"],
    ["a part the lab lacks", { parts: { raft: "r.ts", server: "s.ts" } }, 'parts: Unrecognized key: "server"'],
    ["the seed", { seed: 1.5 }, "seed: an integer, or a non-empty string"],
    ["too few servers", { servers: 2 }, "servers: at least 3 servers"],
    ["too many servers", { servers: 8 }, "servers: at most 7 servers"],
    ["no servers", { servers: undefined }, "servers: missing: expected a number"],
    ["maxRaftState", { maxRaftState: -2 }, "maxRaftState: a number of bytes, or -1 for no snapshots"],
    ["the network", { network: ["duplicating"] }, 'network[0]: Invalid option: expected one of "reliable"|"unreliable"|"longReordering"'],
    ["no workload", { workload: undefined }, "workload: missing: expected a object"],
    ["the clients", { workload: { ...workload, clients: 0 } }, "workload.clients: at least 1 client"],
    ["the keys", { workload: { ...workload, keys: 0 } }, "workload.keys: at least 1 key"],
    ["the mix", { workload: { ...workload, putPercent: 101 } }, "workload.putPercent: a percentage 0..100"],
    ["the duration", { workload: { ...workload, durationMs: undefined } }, "workload.durationMs: missing: expected a number"],
    ["the pause", { workload: { ...workload, pauseMs: 0 } }, "workload.pauseMs: a pause of at least 1 ms"],
    ["a duration past ten minutes, where 10^12 ms kept replay simulating for hours", { workload: { ...workload, durationMs: 1e12 } }, "workload.durationMs: at most 600000 ms"],
    ["a pause past ten minutes", { workload: { ...workload, pauseMs: 600_001 } }, "workload.pauseMs: at most 600000 ms"],
    ["a fault past ten minutes", { faults: [{ atMs: 600_001, action: "heal" }] }, "faults[0].atMs: a time in ms ≤ 600000"],
    ["a field the workload lacks", { workload: { ...workload, ops: 3 } }, 'workload: Unrecognized key: "ops"'],
    ["a fault's action", { faults: [{ atMs: 0, action: "explode" }] }, "faults[0].action: an action: one of crash, restart, disconnect, connect, partition, heal, unreliable, longReordering"],
    ["a fault's time", { faults: [{ atMs: -1, action: "heal" }] }, "faults[0].atMs: a time in ms ≥ 0"],
    ["a server beyond the group", { faults: [{ atMs: 0, action: "crash", peer: 3 }] }, "faults[0].peer: no server 3: the servers are 0..2"],
    ["a partition beyond the group", { faults: [{ atMs: 0, action: "partition", groups: [[0], [5]] }] }, "faults[0].groups: no server 5: the servers are 0..2"],
    ["a server in two groups", { faults: [{ atMs: 0, action: "partition", groups: [[0, 1], [1, 2]] }] }, "faults[0].groups: a server is in two groups"],
    ["a check", { checks: ["agreement"] }, 'checks[0]: Invalid option: expected one of "returns"|"linearizability"'],
    ["the expectation", { expect: { verdict: "maybe" } }, 'expect.verdict: Invalid option: expected one of "pass"|"fail"'],
    ["a recorded trace hash", { expect: { verdict: "pass", traceHash: "xyz" } }, "expect.traceHash: 16 hex digits"],
    ["a field no scenario has", { peers: 3 }, '(top level): Unrecognized key: "peers"'],
  ])("refuses %s in one line naming the file, the field and what was expected", (_what, fields, expected) => {
    expect(refusal(fields)).toBe(`s.json: ${expected}`);
  });
});
