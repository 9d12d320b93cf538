// Each failure text of part 3B's tests (and the tester helpers they call) fires, in the course's
// words, on a small faulty Raft at a pinned seed.
import { describe, expect, it } from "vitest";
import {
  appendsTwice,
  appliesOnlyLatest,
  appliesStrings,
  appliesPreviousCommand,
  commitsOnStart,
  followersIgnoreCommit,
  heartbeatInterval,
  hurriesAfterStart,
  inheritedLogNoOp,
  leaderNoOp,
  logOf,
  neverCommits,
  outcome,
  overwritesUncommitted,
  peerZeroAppliesWrongValue,
  resendsWholeLog,
  sendsUndefinedField,
} from "./faulty.js";

describe("part 3B's failures", () => {
  it.each([
    ["start() appending twice", "TestBasicAgree3B", 1, appendsTwice, "some have committed before Start()"],
    ["a leader's no-op entry", "TestBasicAgree3B", 1, leaderNoOp, "got index 2 but expected 1"],
    ["a leader's no-op entry", "TestRPCBytes3B", 1, leaderNoOp, "got index 3 but expected 2"],
    ["a leader that never commits", "TestBasicAgree3B", 1, neverCommits, "one(100) failed to reach agreement"],
    ["a leader resending its whole log", "TestRPCBytes3B", 1, resendsWholeLog, "too many RPC bytes; got 1116040, expected 150000"],
    ["a log of three entries", "TestFollowerFailure3B", 1, logOf(3), "leader rejected Start()"],
    ["a leader's no-op entry", "TestFollowerFailure3B", 1, leaderNoOp, "expected index 4, got 5"],
    ["a leader committing without a majority", "TestFollowerFailure3B", 1, commitsOnStart, "1 committed but no majority"],
    ["a leader's no-op entry", "TestLeaderFailure3B", 1, leaderNoOp, "2 committed but no majority"],
    ["a leader committing without a majority", "TestLeaderFailure3B", 1, commitsOnStart, "apply error: commit index=2 server=0 104 != server=2 102"],
    ["a log of two entries", "TestFailNoAgree3B", 1, logOf(2), "leader2 rejected Start()"],
    ["a log of two entries", "TestFailNoAgree3B", 4, logOf(2), "one(1000) failed to reach agreement"],
    ["a leader's no-op entry", "TestFailNoAgree3B", 1, leaderNoOp, "expected index 2, got 3"],
    ["a leader committing without a majority", "TestFailNoAgree3B", 1, commitsOnStart, "2 committed but no majority"],
    ["no-ops appended by a leader inheriting a log", "TestFailNoAgree3B", 1, inheritedLogNoOp, "unexpected index 5"],
    ["start() overwriting an uncommitted entry", "TestConcurrentStarts3B", 2, overwritesUncommitted, "cmd 100 missing in [101 101 101 101 101]"],
    ["an applier handing over strings", "TestConcurrentStarts3B", 1, appliesStrings, "value 100 is not an int"],
    ["followers ignoring the leader's commit index", "TestConcurrentStarts3B", 1, followersIgnoreCommit, "only 1 decided for index 4; wanted 3"],
    ["heartbeats slower than the election timeout", "TestConcurrentStarts3B", 2, heartbeatInterval(700), "term changed too often"],
    ["an applier skipping to the commit index", "TestFailAgree3B", 1, appliesOnlyLatest, "apply error: server 1 apply out of order 6"],
    ["a peer applying other values", "TestBasicAgree3B", 1, peerZeroAppliesWrongValue, "apply error: commit index=1 server=1 100 != server=0 101"],
    ["heartbeats every 10 ms", "TestCount3B", 2, heartbeatInterval(10), "too many or few RPCs (36) to elect initial leader"],
    ["start() appending twice", "TestCount3B", 1, appendsTwice, "Start() failed"],
    ["heartbeats slower than the election timeout", "TestCount3B", 2, heartbeatInterval(700), "term changed too often"],
    ["followers ignoring the leader's commit index", "TestCount3B", 1, followersIgnoreCommit, "only 1 decided for index 2; wanted 3"],
    ["heartbeats every 2 ms after a start()", "TestCount3B", 3, hurriesAfterStart, "too many RPCs (60) for 10 entries\n"],
    ["heartbeats every 30 ms", "TestCount3B", 1, heartbeatInterval(30), "too many RPCs (66) for 1 second of idleness\n"],
  ] as const)("%s fails %s at seed %i", async (_fault, test, seed, impl, message) => {
    expect(await outcome(test, seed, impl)).toEqual({ verdict: "fail", message });
  });

  it("an RPC whose arguments no wire carries fails the test, naming the method and field, though nobody awaits the call", async () => {
    expect(await outcome("TestBasicAgree3B", 1, sendsUndefinedField)).toEqual({
      verdict: "fail",
      message: 'appendEntries args.prevLogTerm is undefined; an RPC field must hold a value (use null for "none")',
    });
  });

  it("an applier handing over the previous index's command fails TestCount3B with the wrong value and every command started", async () => {
    const { verdict, message } = await outcome("TestCount3B", 1, appliesPreviousCommand);
    expect(verdict).toBe("fail");
    expect(message).toMatch(/^wrong value 1 committed for index 2; expected \[(\d+ ){10}\d+\]\n$/);
  });
});
