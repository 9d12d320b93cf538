import { describe, expect, it } from "vitest";
import { runInWorld, type Lab, type Run } from "../../../../src/harness/index.js";
import { kvraftLab } from "../../../../src/labs/kvraft/index.js";
import type { KvRaftImpl, KvRaftWorld } from "../../../../src/labs/kvraft/world/index.js";
import { buggyExample, putsWithoutVersionCheck } from "../forensics/buggy.js";
import { allKvRaftTests } from "../suites/test-lab.js";

const runOf = (impl: KvRaftImpl, name: string, seed: number, forensics: boolean): Run => ({
  lab: kvraftLab as Lab,
  impl,
  definition: allKvRaftTests.find((definition) => definition.name === name)! as never,
  seed,
  options: { forensics, trace: forensics },
});
const worldOf = async (impl: KvRaftImpl, name: string, seed: number, forensics = true) => runInWorld<KvRaftWorld>(runOf(impl, name, seed, forensics));

describe("the replicated KV world's forensic record", () => {
  it("leaves the run as it is: the same trace with forensics on, failing or passing, through crashes and partitions", async () => {
    const cases: [KvRaftImpl, string, number][] = [
      [await buggyExample("reads-locally.ts"), "TestOnePartition4B", 1],
      [putsWithoutVersionCheck, "TestConcurrent4B", 1],
      [kvraftLab.reference, "TestPersistPartitionUnreliable4B", 1],
      [kvraftLab.reference, "TestSnapshotRecover4C", 1],
      [kvraftLab.reference, "TestBasic4A", 1],
    ];
    for (const [impl, name, seed] of cases) {
      const [off, on] = [await worldOf(impl, name, seed, false), await worldOf(impl, name, seed, true)];
      expect(on.report.traceHash, `${name} seed ${seed}`).toBe(off.report.traceHash);
      expect(on.report.verdict).toBe(off.report.verdict);
      expect(off.world!.forensics).toBeUndefined();
    }
  });

  it("keeps each clerk call's messages, each start() and its answer, each apply per server, the tester's faults and Raft's roles", async () => {
    const { report, world } = await worldOf(kvraftLab.reference, "TestPersistPartitionUnreliable4B", 1);
    const record = world!.forensics!;
    const sent = new Set(report.trace!.filter((event) => event.kind === "send").map((event) => event.subject.split(" ")[0]));
    // Every clerk call's attempts are messages its own clerk sent, in order.
    expect(record.calls.length).toBeGreaterThanOrEqual(world!.history.operations.length);
    for (const call of record.calls) {
      for (const id of call.messages) {
        expect(id.startsWith(`${call.client}->server-`)).toBe(true);
        expect(sent.has(id)).toBe(true);
      }
    }
    // What a leader's start() answered is where the command was applied.
    const led = record.starts.filter((start) => start.isLeader);
    expect(led.length).toBeGreaterThan(0);
    const applied = new Map(record.applies.map((apply) => [`${apply.server}/${apply.index}`, apply.command]));
    expect(led.some((start) => applied.get(`${start.server}/${start.index}`) === start.command)).toBe(true);
    expect(record.faults.map((fault) => fault.kind)).toEqual(expect.arrayContaining(["crash", "restart", "partition", "connect"]));
    expect(record.raft.roles.some((role) => role.role === "leader")).toBe(true);
    expect(record.raft.executions.some((execution) => execution.method === "put")).toBe(true);
  });
});
