// Each failure text of part 3D's tests (and the tester's snapshot applier) fires, in the course's
// words, on a small faulty Raft at a pinned seed.
import { describe, expect, it } from "vitest";
import {
  appliesOnlyLatest,
  forgetsLog,
  ignoresSnapshots,
  outcome,
  sendsEmptySnapshot,
  sendsGarbledSnapshot,
  slowReplication,
  snapshotIndexOffByOne,
} from "./faulty.js";

describe("part 3D's failures", () => {
  it.each([
    ["a peer that ignores snapshot()", "TestSnapshotBasic3D", 1, ignoresSnapshots, "Log size too large"],
    ["an applier skipping to the commit index", "TestSnapshotBasic3D", 1, appliesOnlyLatest, "apply error: server 0 apply out of order, expected index 2, got 14"],
    ["snapshots labelled one index late", "TestSnapshotInstall3D", 1, snapshotIndexOffByOne, "apply error: server 1 snapshot doesn't match m.SnapshotIndex"],
    ["snapshots sent empty", "TestSnapshotInstallCrash3D", 1, sendsEmptySnapshot, "nil snapshot"],
    ["snapshots sent garbled", "TestSnapshotInstall3D", 1, sendsGarbledSnapshot, "snapshot decode error"],
    ["a peer that restarts with an empty log", "TestSnapshotAllCrash3D", 1, forgetsLog, "index decreased from 12 to 1"],
    ["entries sent only with heartbeats, two a second", "TestSnapshotAllCrash3D", 1, slowReplication, "test took longer than 120 seconds"],
  ] as const)("%s fails %s at seed %i", async (_fault, test, seed, impl, message) => {
    expect(await outcome(test, seed, impl)).toEqual({ verdict: "fail", message });
  });
});
