import { SNAPSHOT_INTERVAL, type RaftWorld } from "../world/index.js";
import { raftTest, type RaftTestBody, type RaftTestDefinition } from "../test-definition.js";

/** The course's MAXLOGSIZE: the largest Raft state (bytes) a peer may persist in the snapshot tests. */
export const MAX_LOG_SIZE = 2000;

/** Commands a round starts on its sender: SnapShotInterval/2 + rand % SnapShotInterval (5–14). */
function roundSize(t: RaftWorld): number {
  return SNAPSHOT_INTERVAL / 2 + t.randInt(SNAPSHOT_INTERVAL);
}

/** The course's snapcommon: 30 rounds of a victim left behind (disconnected, crashed, or neither) while the log grows past snapshots. */
function snapcommon(disconnect: boolean, crash: boolean): RaftTestBody {
  return async (t) => {
    const servers = t.peers;
    const iters = 30;
    await t.one(t.randInt(), servers, true);
    let leader1 = await t.checkOneLeader();
    for (let i = 0; i < iters; i++) {
      let victim = (leader1 + 1) % servers;
      let sender = leader1;
      if (i % 3 === 1) {
        sender = (leader1 + 1) % servers;
        victim = leader1;
      }
      if (disconnect) {
        t.disconnect(victim);
        await t.one(t.randInt(), servers - 1, true);
      }
      if (crash) {
        t.crash(victim);
        await t.one(t.randInt(), servers - 1, true);
      }
      // perhaps send enough to get a snapshot
      const nn = roundSize(t);
      for (let j = 0; j < nn; j++) {
        if (t.raft(sender)) t.startOn(sender, t.randInt());
      }
      // let applier threads catch up with the Start()'s
      if (!disconnect && !crash) {
        // make sure all followers have caught up, so that an InstallSnapshot RPC isn't required for TestSnapshotBasic3D().
        await t.one(t.randInt(), servers, true);
      } else {
        await t.one(t.randInt(), servers - 1, true);
      }
      if (t.logSize() >= MAX_LOG_SIZE) t.fatal("Log size too large");
      if (disconnect) {
        // reconnect a follower, who maybe behind and needs to receive a snapshot to catch up.
        t.connect(victim);
        await t.one(t.randInt(), servers, true);
        leader1 = await t.checkOneLeader();
      }
      if (crash) {
        t.restart(victim);
        await t.one(t.randInt(), servers, true);
        leader1 = await t.checkOneLeader();
      }
    }
  };
}

/** Do servers persist the snapshots, and restart using snapshot along with the tail of the log? */
async function snapshotAllCrash(t: RaftWorld): Promise<void> {
  const servers = t.peers;
  const iters = 5;
  await t.one(t.randInt(), servers, true);
  for (let i = 0; i < iters; i++) {
    // perhaps enough to get a snapshot
    const nn = roundSize(t);
    for (let j = 0; j < nn; j++) await t.one(t.randInt(), servers, true);
    const index1 = await t.one(t.randInt(), servers, true);
    // crash all
    t.crashAll();
    t.startAll();
    const index2 = await t.one(t.randInt(), servers, true);
    if (index2 < index1 + 1) t.fatal(`index decreased from ${index1} to ${index2}`);
  }
}

/** Do servers correctly initialize their in-memory copy of the snapshot, making sure that future writes to persistent state don't lose state? */
async function snapshotInit(t: RaftWorld): Promise<void> {
  const servers = t.peers;
  await t.one(t.randInt(), servers, true);
  // enough ops to make a snapshot
  const nn = SNAPSHOT_INTERVAL + 1;
  for (let i = 0; i < nn; i++) await t.one(t.randInt(), servers, true);
  t.crashAll();
  t.startAll();
  // a single op, to get something to be written back to persistent storage.
  await t.one(t.randInt(), servers, true);
  t.crashAll();
  t.startAll();
  // do another op to trigger potential bug
  await t.one(t.randInt(), servers, true);
}

const snap = (reliable: boolean) => ({ servers: 3, reliable, snapshot: true });

/** Part 3D: log compaction. */
export const suite3D: RaftTestDefinition[] = [
  raftTest("3D", "TestSnapshotBasic3D", "Test (3D): snapshots basic", snap(true), snapcommon(false, false)),
  raftTest("3D", "TestSnapshotInstall3D", "Test (3D): install snapshots (disconnect)", snap(true), snapcommon(true, false)),
  raftTest("3D", "TestSnapshotInstallUnreliable3D", "Test (3D): install snapshots (disconnect)", snap(false), snapcommon(true, false)),
  raftTest("3D", "TestSnapshotInstallCrash3D", "Test (3D): install snapshots (crash)", snap(true), snapcommon(false, true)),
  raftTest("3D", "TestSnapshotInstallUnCrash3D", "Test (3D): install snapshots (crash)", snap(false), snapcommon(false, true)),
  raftTest("3D", "TestSnapshotAllCrash3D", "Test (3D): crash and restart all servers", snap(false), snapshotAllCrash),
  raftTest("3D", "TestSnapshotInit3D", "Test (3D): snapshot initialization after crash", snap(false), snapshotInit),
];
