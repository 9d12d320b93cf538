import { describe, expect, it } from "vitest";
import { nameKey } from "../../../../labnet/index.js";
import { runInWorld } from "../../../../src/harness/index.js";
import { raftLab } from "../../../../src/labs/raft/index.js";
import { checkCommittedKept } from "../../../../src/labs/raft/scenario/scenario-test.js";
import { FINAL_COMMAND, parseRaftScenario, raftScenarioSize, raftScenarioToRun } from "../../../../src/labs/raft/scenario/index.js";
import type { RaftWorld } from "../../../../src/labs/raft/world/index.js";
import { fakeRaft, inRaftWorld } from "../world/fakes.js";

const scenario = (fields: Record<string, unknown> = {}) =>
  parseRaftScenario({ kvlab: "kvlab-scenario/1", lab: "raft", seed: 3, peers: 3, workload: { clients: 2, everyMs: 100, forMs: 1500 }, ...fields }, "s.json");

describe("a Raft scenario as a run", () => {
  it("runs at its seed (a seed that is no integer as a stable one) on its network, with the course's time or more for a long timeline", () => {
    const plain = raftScenarioToRun(scenario(), "plain");
    expect([plain.seed, plain.network.name, plain.definition.reliable, plain.definition.servers, plain.definition.snapshot, plain.definition.timeLimitMs]).toEqual([3, "long-delays", true, 3, false, 120_000]);
    expect(raftScenarioToRun(scenario({ seed: "7" }), "s").seed).toBe(7);
    expect(raftScenarioToRun(scenario({ seed: "storm" }), "s").seed).toBe(nameKey("storm"));
    const stormy = raftScenarioToRun(scenario({ network: ["unreliable", "longReordering"], snapshot: true, faults: [{ atMs: 100_000, action: "heal" }] }), "stormy");
    expect([stormy.network.name, stormy.definition.reliable, stormy.definition.snapshot, stormy.definition.timeLimitMs]).toEqual(["unreliable+long-delays+long-reordering", false, true, 160_000]);
    expect(stormy.definition.title).toBe("Scenario stormy");
  });

  it("says its size in the fuzzer's words", () => {
    expect(raftScenarioSize(scenario())).toBe("3 peer(s), 2 client(s), 0 fault(s)");
    expect(raftScenarioSize(scenario({ faults: [{ atMs: 900, action: "crash", peer: 1 }, { atMs: 40, action: "heal" }] }))).toBe("3 peer(s), 2 client(s), 2 fault(s), the last at 900 ms");
  });

  it("on the reference: the clients' commands commit, and after healing every peer agrees on the final command", async () => {
    const run = raftScenarioToRun(scenario({ faults: [{ atMs: 500, action: "crash", peer: 0 }] }), "crash-one");
    const { report, world } = await runInWorld<RaftWorld>({ lab: raftLab as never, impl: raftLab.reference, definition: run.definition as never, seed: run.seed, options: { network: run.network } });
    expect([report.verdict, report.message]).toEqual(["pass", undefined]);
    // #Ops: the commands the clients saw committed, and the final agreement.
    expect(report.ops).toBeGreaterThan(10);
    const applied = world!.appliersNow().map((applier) => [...applier.logs.values()]);
    for (const log of applied) expect(log.at(-1)).toBe(FINAL_COMMAND);
    expect(applied[1]!.filter((command) => typeof command === "string" && /^c[01]\.\d+$/.test(command)).length).toBeGreaterThan(10);
  });
});

describe("the end check that every value seen committed is kept", () => {
  /** A world where raft-0 applied c0.1 at index 1, then crashed and came back with nothing, and raft-1 applied "x" there. */
  async function overwritten(agreed: boolean): Promise<string | undefined> {
    const impl = fakeRaft();
    const { failure } = await inRaftWorld(impl, 3, async (t) => {
      await impl.made[0]!.applyCh.send({ commandValid: true, command: "c0.1", commandIndex: 1 });
      t.crash(0);
      t.restart(0);
      await impl.made[1]!.applyCh.send({ commandValid: true, command: "x", commandIndex: 1 });
      checkCommittedKept(t, [{ client: 0, command: "c0.1", index: 1, term: 1 }], agreed);
    });
    return failure;
  }

  it("fails naming the value, its index and the first peer whose final log lacks it or holds another there", async () => {
    expect(await overwritten(true)).toBe("c0.1 was seen committed at index 1, but raft-0's final log lacks that index");
    expect(await overwritten(false)).toBe("c0.1 was seen committed at index 1, but raft-1's final log has x there");
  });

  it("passes when every peer holds what was seen committed", async () => {
    const impl = fakeRaft();
    const { failure } = await inRaftWorld(impl, 3, async (t) => {
      for (const peer of impl.made) await peer.applyCh.send({ commandValid: true, command: "c0.1", commandIndex: 1 });
      checkCommittedKept(t, [{ client: 0, command: "c0.1", index: 1, term: 1 }], true);
    });
    expect(failure).toBeUndefined();
  });
});
