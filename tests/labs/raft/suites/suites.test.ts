import { describe, expect, it } from "vitest";
import { raftSuites } from "../../../../src/labs/raft/suites/index.js";
import { allRaftTests, runRaftTest } from "./test-lab.js";

/** The course's 28 tests (raft_test.go), by part: name, title, peers, reliable, snapshots. */
const COURSE: [string, string, number, boolean][] = [
  ["TestInitialElection3A", "Test (3A): initial election", 3, true],
  ["TestReElection3A", "Test (3A): election after network failure", 3, true],
  ["TestManyElections3A", "Test (3A): multiple elections", 7, true],
  ["TestBasicAgree3B", "Test (3B): basic agreement", 3, true],
  ["TestRPCBytes3B", "Test (3B): RPC byte count", 3, true],
  ["TestFollowerFailure3B", "Test (3B): test progressive failure of followers", 3, true],
  ["TestLeaderFailure3B", "Test (3B): test failure of leaders", 3, true],
  ["TestFailAgree3B", "Test (3B): agreement after follower reconnects", 3, true],
  ["TestFailNoAgree3B", "Test (3B): no agreement if too many followers disconnect", 5, true],
  ["TestConcurrentStarts3B", "Test (3B): concurrent Start()s", 3, true],
  ["TestRejoin3B", "Test (3B): rejoin of partitioned leader", 3, true],
  ["TestBackup3B", "Test (3B): leader backs up quickly over incorrect follower logs", 5, true],
  ["TestCount3B", "Test (3B): RPC counts aren't too high", 3, true],
  ["TestPersist13C", "Test (3C): basic persistence", 3, true],
  ["TestPersist23C", "Test (3C): more persistence", 5, true],
  ["TestPersist33C", "Test (3C): partitioned leader and one follower crash, leader restarts", 3, true],
  ["TestFigure83C", "Test (3C): Figure 8", 5, true],
  ["TestUnreliableAgree3C", "Test (3C): unreliable agreement", 5, false],
  ["TestFigure8Unreliable3C", "Test (3C): Figure 8 (unreliable)", 5, false],
  ["TestReliableChurn3C", "Test (3C): churn", 5, true],
  ["TestUnreliableChurn3C", "Test (3C): unreliable churn", 5, false],
  ["TestSnapshotBasic3D", "Test (3D): snapshots basic", 3, true],
  ["TestSnapshotInstall3D", "Test (3D): install snapshots (disconnect)", 3, true],
  ["TestSnapshotInstallUnreliable3D", "Test (3D): install snapshots (disconnect)", 3, false],
  ["TestSnapshotInstallCrash3D", "Test (3D): install snapshots (crash)", 3, true],
  ["TestSnapshotInstallUnCrash3D", "Test (3D): install snapshots (crash)", 3, false],
  ["TestSnapshotAllCrash3D", "Test (3D): crash and restart all servers", 3, false],
  ["TestSnapshotInit3D", "Test (3D): snapshot initialization after crash", 3, false],
];

describe("raftSuites", () => {
  it("hold every test of the course's Lab 3, in its order, with its title, peers and network", () => {
    expect(Object.keys(raftSuites)).toEqual(["3A", "3B", "3C", "3D"]);
    expect(allRaftTests.map((d) => [d.name, d.title, d.servers, d.reliable])).toEqual(COURSE);
    for (const [suite, definitions] of Object.entries(raftSuites)) {
      for (const definition of definitions) {
        expect(definition.suite).toBe(suite);
        expect(definition.name.endsWith(suite)).toBe(true);
        expect(definition.snapshot).toBe(suite === "3D");
      }
    }
  });

  it("run a test the same way at the same seed (same trace hash), and differently at another", async () => {
    const definition = allRaftTests.find((d) => d.name === "TestFailAgree3B")!;
    const [a, b, c] = [await runRaftTest(definition, 11), await runRaftTest(definition, 11), await runRaftTest(definition, 12)];
    expect(a.verdict).toBe("pass");
    expect(a.traceHash).toBe(b.traceHash);
    expect([a.rpcs, a.virtualMs]).toEqual([b.rpcs, b.virtualMs]);
    expect(c.traceHash).not.toBe(a.traceHash);
  });

  it("count successful agreements as operations and report the test's peers", async () => {
    const report = await runRaftTest(allRaftTests.find((d) => d.name === "TestBasicAgree3B")!, 1);
    expect(report).toMatchObject({ verdict: "pass", ops: 3, peers: 3 });
  });

  it("fail an implementation that never elects with the course's text", async () => {
    const never = { name: "never", make: () => ({ start: () => ({ index: -1, term: 0, isLeader: false }), getState: () => ({ term: 0, isLeader: false }), snapshot() {}, kill() {} }) };
    const report = await runRaftTest(allRaftTests[0]!, 1, never);
    expect(report).toMatchObject({ verdict: "fail", message: "expected one leader, got none" });
  });
});
