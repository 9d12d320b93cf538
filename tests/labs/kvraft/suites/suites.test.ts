import { describe, expect, it } from "vitest";
import { kvraftSuites } from "../../../../src/labs/kvraft/suites/index.js";
import { makeTitle } from "../../../../src/labs/kvraft/test-definition.js";
import { raftReference, type RaftImplementation, type RaftPersister } from "../../../../src/labs/raft/index.js";
import { kvraftReference } from "../../../../src/labs/kvraft/reference/index.js";
import { fakeImpl } from "../world/fakes.js";
import { allKvRaftTests, runKvRaftTest } from "./test-lab.js";

/** The course's 30 tests (rsm_test.go, then kvraft_test.go), by part: name, title, servers, reliable. */
const COURSE: [string, string, number, boolean][] = [
  ["TestBasic4A", "Test RSM basic", 3, true],
  ["TestConcurrent4A", "Test concurrent submit", 3, true],
  ["TestLeaderFailure4A", "Test Leader Failure", 3, true],
  ["TestLeaderPartition4A", "Test Leader Partition", 3, true],
  ["TestRestartReplay4A", "Test Restart", 3, true],
  ["TestShutdown4A", "Test Shutdown", 3, true],
  ["TestRestartSubmit4A", "Test Restart and submit", 3, true],
  ["TestBasic4B", "Test: one client (4B basic)", 5, true],
  ["TestSpeed4B", "Test: one client (4B speed)", 3, true],
  ["TestConcurrent4B", "Test: many clients (4B many clients)", 5, true],
  ["TestUnreliable4B", "Test: many clients (4B many clients)", 5, false],
  ["TestOnePartition4B", "Test: one client (4B progress in majority)", 5, false],
  ["TestManyPartitionsOneClient4B", "Test: partitions, one client (4B partitions, one client)", 5, true],
  ["TestManyPartitionsManyClients4B", "Test: partitions, many clients (4B partitions, many clients (4B))", 5, true],
  ["TestPersistOneClient4B", "Test: restarts, one client (4B restarts, one client 4B )", 5, true],
  ["TestPersistConcurrent4B", "Test: restarts, many clients (4B restarts, many clients)", 5, true],
  ["TestPersistConcurrentUnreliable4B", "Test: restarts, many clients (4B restarts, many clients )", 5, false],
  ["TestPersistPartition4B", "Test: restarts, partitions, many clients (4B restarts, partitions, many clients)", 5, true],
  ["TestPersistPartitionUnreliable4B", "Test: restarts, partitions, many clients (4B restarts, partitions, many clients)", 5, false],
  [
    "TestPersistPartitionUnreliableLinearizable4B",
    "Test: restarts, partitions, random keys, many clients (4B restarts, partitions, random keys, many clients)",
    7,
    false,
  ],
  ["TestSnapshot4C", "Test creating and restoring snapshot", 3, true],
  ["TestSnapshotRPC4C", "Test: snapshots, one client (4C SnapshotsRPC)", 3, true],
  ["TestSnapshotSize4C", "Test: snapshots, one client (4C snapshot size is reasonable)", 3, true],
  ["TestSpeed4C", "Test: snapshots, one client (4C speed)", 3, true],
  ["TestSnapshotRecover4C", "Test: restarts, snapshots, one client (4C restarts, snapshots, one client)", 5, true],
  ["TestSnapshotRecoverManyClients4C", "Test: restarts, snapshots, many clients (4C restarts, snapshots, many clients )", 5, true],
  ["TestSnapshotUnreliable4C", "Test: snapshots, many clients (4C unreliable net, snapshots, many clients)", 5, false],
  ["TestSnapshotUnreliableRecover4C", "Test: restarts, snapshots, many clients (4C unreliable net, restarts, snapshots, many clients)", 5, false],
  [
    "TestSnapshotUnreliableRecoverConcurrentPartition4C",
    "Test: restarts, partitions, snapshots, many clients (4C unreliable net, restarts, partitions, snapshots, many clients)",
    5,
    false,
  ],
  [
    "TestSnapshotUnreliableRecoverConcurrentPartitionLinearizable4C",
    "Test: restarts, partitions, snapshots, random keys, many clients (4C unreliable net, restarts, partitions, snapshots, random keys, many clients)",
    7,
    false,
  ],
];

describe("kvraftSuites", () => {
  it("hold every rsm and kvraft test of the course's Lab 4, in its order, with its title, servers and network", () => {
    expect(Object.keys(kvraftSuites)).toEqual(["4A", "4B", "4C"]);
    expect(allKvRaftTests.map((d) => [d.name, d.title, d.servers, d.reliable])).toEqual(COURSE);
    expect(new Set(allKvRaftTests.map((d) => d.name)).size).toBe(allKvRaftTests.length);
    for (const [suite, definitions] of Object.entries(kvraftSuites)) {
      for (const definition of definitions) {
        expect(definition.suite).toBe(suite);
        expect(definition.name.endsWith(suite)).toBe(true);
      }
    }
  });

  it("title a kvraft test as the course's makeTitle does", () => {
    const shape = { part: "p", nclients: 2, nservers: 5, reliable: true, crash: true, partitions: true, maxraftstate: 1000, randomkeys: true };
    expect(makeTitle(shape)).toBe("Test: restarts, partitions, snapshots, random keys, many clients (p)");
    expect(makeTitle({ ...shape, crash: false, partitions: false, maxraftstate: -1, randomkeys: false, nclients: 1 })).toBe("Test: one client (p)");
    expect(makeTitle({ ...shape, crash: false, partitions: false, maxraftstate: -1, randomkeys: false, nclients: 0 })).toBe("Test: one client (p)");
  });

  it("run a test the same way at the same seed (same trace hash), and differently at another", async () => {
    const definition = allKvRaftTests.find((d) => d.name === "TestUnreliable4B")!;
    const [a, b, c] = [await runKvRaftTest(definition, 11), await runKvRaftTest(definition, 11), await runKvRaftTest(definition, 12)];
    expect(a.verdict).toBe("pass");
    expect(a.traceHash).toBe(b.traceHash);
    expect([a.rpcs, a.ops, a.virtualMs]).toEqual([b.rpcs, b.ops, b.virtualMs]);
    expect(c.traceHash).not.toBe(a.traceHash);
  });

  it("report the test's servers, and count recorded clerk calls and committed submits as operations", async () => {
    const basic = await runKvRaftTest(allKvRaftTests.find((d) => d.name === "TestBasic4A")!, 1);
    expect(basic).toMatchObject({ verdict: "pass", ops: 10, peers: 3 });
    const rpc = await runKvRaftTest(allKvRaftTests.find((d) => d.name === "TestSnapshotRPC4C")!, 1);
    // 2 + 50 + 1 puts, 2 + 2 puts, 4 gets, 1 put, 3 gets: one recorded call each when every put lands first time.
    expect(rpc).toMatchObject({ verdict: "pass", peers: 3 });
    expect(rpc.ops).toBeGreaterThanOrEqual(63);
  });

  it("fail an rsm that never commits, and a clerk that leaks ErrWrongLeader, with the course's texts", async () => {
    const never = fakeImpl();
    const basic = await runKvRaftTest(allKvRaftTests[0]!, 1, { kvraft: never.impl.kvraft, raft: raftReference });
    expect(basic).toMatchObject({
      verdict: "fail",
      message: "oneInc: Inc was not committed within 10 seconds (runtime error: invalid memory address or nil pointer dereference)",
    });
    const leaky = fakeImpl();
    leaky.script.clerkAnswers = ["ErrWrongLeader"];
    const report = await runKvRaftTest(allKvRaftTests.find((d) => d.name === "TestBasic4B")!, 1, { kvraft: leaky.impl.kvraft, raft: raftReference });
    expect(report).toMatchObject({ verdict: "fail", message: "Wrong error ErrWrongLeader" });
  });

  it("fail a Raft state past 8 × maxraftstate, and any snapshot when snapshots are off, with the course's texts", async () => {
    /** The reference Raft, its saves changed by `change` (a padded state, an extra snapshot). */
    const saving = (change: (state: string | Uint8Array, snapshot: string | Uint8Array | null | undefined) => [string | Uint8Array, string | Uint8Array]): RaftImplementation => ({
      name: "changed saves",
      make: (peers, me, persister, applyCh, env) => {
        const changed: RaftPersister = Object.assign(Object.create(persister) as RaftPersister, {
          save: (state: string | Uint8Array, snapshot: string | Uint8Array | null | undefined) => persister.save(...change(state, snapshot)),
        });
        return raftReference.make(peers, me, changed, applyCh, env);
      },
    });
    // Trailing blanks: the state still decodes, and weighs 9 KB more.
    const padded = saving((state, snapshot) => [`${String(state)}${" ".repeat(9000)}`, snapshot ?? ""]);
    const recover = allKvRaftTests.find((d) => d.name === "TestSnapshotRecover4C")!;
    expect((await runKvRaftTest(recover, 1, { kvraft: kvraftReference, raft: padded })).message).toMatch(/^logs were not trimmed \(\d+ > 8\*1000\)$/);
    const snapshotting = saving((state) => [state, "snap"]);
    const basic = allKvRaftTests.find((d) => d.name === "TestBasic4B")!;
    expect((await runKvRaftTest(basic, 1, { kvraft: kvraftReference, raft: snapshotting })).message).toBe("snapshot too large (4), should not be used when maxraftstate = -1");
  });
});
