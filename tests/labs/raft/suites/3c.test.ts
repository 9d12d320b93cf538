// Each failure text of part 3C's tests (and the tester helpers they call) fires, in the course's
// words, on a small faulty Raft at a pinned seed.
import { describe, expect, it } from "vitest";
import { appliesStrings, commitsOnStart, forgetsLog, neverCommits, neverPersists, outcome } from "./faulty.js";

describe("part 3C's failures", () => {
  it.each([
    ["a peer that restarts with an empty log", "TestPersist13C", 1, forgetsLog, "only 0 decided for index 4; wanted 3"],
    [
      "a peer that saves nothing (it votes again in a term after a restart)",
      "TestPersist13C",
      1,
      neverPersists,
      "term 1 has 2 (>1) leaders: election safety violated, raft-0 and raft-1 both led term 1",
    ],
    ["a peer that saves nothing", "TestPersist23C", 1, neverPersists, "apply error: commit index=1 server=0 13 != server=3 11"],
    ["a leader that never commits", "TestPersist23C", 1, neverCommits, "one(11) failed to reach agreement"],
    ["a leader that never commits", "TestPersist33C", 1, neverCommits, "one(101) failed to reach agreement"],
    ["a leader that never commits", "TestFigure83C", 1, neverCommits, "one(525696418) failed to reach agreement"],
    ["a leader that never commits", "TestUnreliableAgree3C", 1, neverCommits, "one(100) failed to reach agreement"],
    ["a leader that never commits", "TestFigure8Unreliable3C", 1, neverCommits, "one(2447) failed to reach agreement"],
    ["an applier handing over strings", "TestReliableChurn3C", 1, appliesStrings, "wrong command type"],
    [
      "a leader committing without a majority",
      "TestUnreliableChurn3C",
      2,
      commitsOnStart,
      "apply error: commit index=308 server=3 1359652350 != server=0 1754637162",
    ],
  ] as const)("%s fails %s at seed %i", async (_fault, test, seed, impl, message) => {
    expect(await outcome(test, seed, impl)).toEqual({ verdict: "fail", message });
  });
});
