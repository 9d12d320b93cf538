// Each failure text of part 3A's tests (and the tester helpers they call) fires, in the course's
// words, on a small faulty Raft at a pinned seed.
import { describe, expect, it } from "vitest";
import { claimsLeadership, countsSelfTwice, electionTimeout, everyoneLeads, outcome } from "./faulty.js";

describe("part 3A's failures", () => {
  it.each([
    ["a leader whose term stays 0", "TestInitialElection3A", 1, claimsLeadership(0, 0), "term is 0, but should be at least 1"],
    ["followers that never adopt the leader's term", "TestInitialElection3A", 1, claimsLeadership(1, 0), "servers disagree on term"],
    ["an election timeout nobody reaches", "TestInitialElection3A", 1, electionTimeout(1_000_000), "expected one leader, got none"],
    ["the same election timeout on every peer (split votes forever)", "TestInitialElection3A", 1, electionTimeout(400), "expected one leader, got none"],
    ["a lone peer that still thinks it leads", "TestReElection3A", 1, everyoneLeads, "leader = 1"],
    [
      "a candidate that counts its own vote twice",
      "TestReElection3A",
      1,
      countsSelfTwice,
      "term 3 has 2 (>1) leaders: election safety violated, raft-0 and raft-1 both led term 3",
    ],
  ] as const)("%s fails %s at seed %i", async (_fault, test, seed, impl, message) => {
    expect(await outcome(test, seed, impl)).toEqual({ verdict: "fail", message });
  });
});
