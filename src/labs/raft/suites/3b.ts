import { RAFT_ELECTION_TIMEOUT, type RaftWorld } from "../world/index.js";
import { raftTest, type RaftTestDefinition } from "../test-definition.js";
import { randString } from "./random.js";

async function basicAgree(t: RaftWorld): Promise<void> {
  const iters = 3;
  for (let index = 1; index < iters + 1; index++) {
    const [nd] = t.nCommitted(index);
    if (nd > 0) t.fatal("some have committed before Start()");
    const xindex = await t.one(index * 100, t.peers, false);
    if (xindex !== index) t.fatal(`got index ${xindex} but expected ${index}`);
  }
}

/** Each command is sent to each peer just once. */
async function rpcBytes(t: RaftWorld): Promise<void> {
  await t.one(99, t.peers, false);
  const bytes0 = t.bytesTotal();
  const iters = 10;
  let sent = 0;
  for (let index = 2; index < iters + 2; index++) {
    const cmd = randString(t, 5000);
    const xindex = await t.one(cmd, t.peers, false);
    if (xindex !== index) t.fatal(`got index ${xindex} but expected ${index}`);
    sent += cmd.length;
  }
  const got = t.bytesTotal() - bytes0;
  const expected = t.peers * sent;
  if (got > expected + 50000) t.fatal(`too many RPC bytes; got ${got}, expected ${expected}`);
}

async function followerFailure(t: RaftWorld): Promise<void> {
  const servers = t.peers;
  await t.one(101, servers, false);
  // disconnect one follower from the network.
  const leader1 = await t.checkOneLeader();
  t.disconnect((leader1 + 1) % servers);
  // the leader and remaining follower should be able to agree despite the disconnected follower.
  await t.one(102, servers - 1, false);
  await t.sleep(RAFT_ELECTION_TIMEOUT);
  await t.one(103, servers - 1, false);
  // disconnect the remaining follower
  const leader2 = await t.checkOneLeader();
  t.disconnect((leader2 + 1) % servers);
  t.disconnect((leader2 + 2) % servers);
  // submit a command.
  const { index, isLeader } = t.startOn(leader2, 104);
  if (!isLeader) t.fatal("leader rejected Start()");
  if (index !== 4) t.fatal(`expected index 4, got ${index}`);
  await t.sleep(2 * RAFT_ELECTION_TIMEOUT);
  // check that command 104 did not commit.
  t.checkNoAgreement(index);
}

async function leaderFailure(t: RaftWorld): Promise<void> {
  const servers = t.peers;
  await t.one(101, servers, false);
  // disconnect the first leader.
  const leader1 = await t.checkOneLeader();
  t.disconnect(leader1);
  // the remaining followers should elect a new leader.
  await t.one(102, servers - 1, false);
  await t.sleep(RAFT_ELECTION_TIMEOUT);
  await t.one(103, servers - 1, false);
  // disconnect the new leader.
  const leader2 = await t.checkOneLeader();
  t.disconnect(leader2);
  // submit a command to each server.
  for (let i = 0; i < servers; i++) t.startOn(i, 104);
  await t.sleep(2 * RAFT_ELECTION_TIMEOUT);
  // check that command 104 did not commit.
  t.checkNoAgreement(4);
}

async function failAgree(t: RaftWorld): Promise<void> {
  const servers = t.peers;
  await t.one(101, servers, false);
  // disconnect one follower from the network.
  const leader = await t.checkOneLeader();
  t.disconnect((leader + 1) % servers);
  // the leader and remaining follower should be able to agree despite the disconnected follower.
  await t.one(102, servers - 1, false);
  await t.one(103, servers - 1, false);
  await t.sleep(RAFT_ELECTION_TIMEOUT);
  await t.one(104, servers - 1, false);
  await t.one(105, servers - 1, false);
  // re-connect
  t.connect((leader + 1) % servers);
  // the full set of servers should preserve previous agreements, and be able to agree on new commands.
  await t.one(106, servers, true);
  await t.sleep(RAFT_ELECTION_TIMEOUT);
  await t.one(107, servers, true);
}

async function failNoAgree(t: RaftWorld): Promise<void> {
  const servers = t.peers;
  await t.one(10, servers, false);
  // 3 of 5 followers disconnect
  const leader = await t.checkOneLeader();
  t.disconnect((leader + 1) % servers);
  t.disconnect((leader + 2) % servers);
  t.disconnect((leader + 3) % servers);
  const { index, isLeader } = t.startOn(leader, 20);
  if (!isLeader) t.fatal("leader rejected Start()");
  if (index !== 2) t.fatal(`expected index 2, got ${index}`);
  await t.sleep(2 * RAFT_ELECTION_TIMEOUT);
  const [n] = t.nCommitted(index);
  if (n > 0) t.fatal(`${n} committed but no majority`);
  // repair
  t.connect((leader + 1) % servers);
  t.connect((leader + 2) % servers);
  t.connect((leader + 3) % servers);
  // the disconnected majority may have chosen a leader from among their own ranks, forgetting index 2.
  const leader2 = await t.checkOneLeader();
  const second = t.startOn(leader2, 30);
  if (!second.isLeader) t.fatal("leader2 rejected Start()");
  if (second.index < 2 || second.index > 3) t.fatal(`unexpected index ${second.index}`);
  await t.one(1000, servers, true);
}

async function concurrentStarts(t: RaftWorld): Promise<void> {
  const servers = t.peers;
  let success = false;
  loop: for (let tries = 0; tries < 5; tries++) {
    // give solution some time to settle
    if (tries > 0) await t.sleep(3000);
    const leader = await t.checkOneLeader();
    const { term, isLeader } = t.startOn(leader, 1);
    // leader moved on really quickly
    if (!isLeader) continue;
    const iters = 5;
    const started = [];
    for (let ii = 0; ii < iters; ii++) {
      started.push(
        t.spawn("start", async () => {
          const result = t.startOn(leader, 100 + ii);
          return result.term === term && result.isLeader ? result.index : undefined;
        }),
      );
    }
    const indices = (await Promise.all(started)).filter((index): index is number => index !== undefined);
    for (let j = 0; j < servers; j++) {
      // term changed -- can't expect low RPC counts
      if (t.raft(j) && t.stateOfPeer(j).term !== term) continue loop;
    }
    let failed = false;
    const cmds: number[] = [];
    for (const index of indices) {
      const cmd = await t.wait(index, servers, term);
      if (typeof cmd === "number") {
        if (cmd === -1) {
          // peers have moved on to later terms so we can't expect all Start()s to have succeeded
          failed = true;
          break;
        }
        cmds.push(cmd);
      } else {
        t.fatal(`value ${String(cmd)} is not an int`);
      }
    }
    if (failed) continue;
    for (let ii = 0; ii < iters; ii++) {
      const x = 100 + ii;
      if (!cmds.includes(x)) t.fatal(`cmd ${x} missing in ${goSlice(cmds)}`);
    }
    success = true;
    break;
  }
  if (!success) t.fatal("term changed too often");
}

async function rejoin(t: RaftWorld): Promise<void> {
  const servers = t.peers;
  await t.one(101, servers, true);
  // leader network failure
  const leader1 = await t.checkOneLeader();
  t.disconnect(leader1);
  // make old leader try to agree on some entries
  t.startOn(leader1, 102);
  t.startOn(leader1, 103);
  t.startOn(leader1, 104);
  // new leader commits, also for index=2
  await t.one(103, 2, true);
  // new leader network failure
  const leader2 = await t.checkOneLeader();
  t.disconnect(leader2);
  // old leader connected again
  t.connect(leader1);
  await t.one(104, 2, true);
  // all together now
  t.connect(leader2);
  await t.one(105, servers, true);
}

async function backup(t: RaftWorld): Promise<void> {
  const servers = t.peers;
  await t.one(t.randInt(), servers, true);
  // put leader and one follower in a partition
  const leader1 = await t.checkOneLeader();
  t.disconnect((leader1 + 2) % servers);
  t.disconnect((leader1 + 3) % servers);
  t.disconnect((leader1 + 4) % servers);
  // submit lots of commands that won't commit
  for (let i = 0; i < 50; i++) t.startOn(leader1, t.randInt());
  await t.sleep(RAFT_ELECTION_TIMEOUT / 2);
  t.disconnect((leader1 + 0) % servers);
  t.disconnect((leader1 + 1) % servers);
  // allow other partition to recover
  t.connect((leader1 + 2) % servers);
  t.connect((leader1 + 3) % servers);
  t.connect((leader1 + 4) % servers);
  // lots of successful commands to new group.
  for (let i = 0; i < 50; i++) await t.one(t.randInt(), 3, true);
  // now another partitioned leader and one follower
  const leader2 = await t.checkOneLeader();
  let other = (leader1 + 2) % servers;
  if (leader2 === other) other = (leader2 + 1) % servers;
  t.disconnect(other);
  // lots more commands that won't commit
  for (let i = 0; i < 50; i++) t.startOn(leader2, t.randInt());
  await t.sleep(RAFT_ELECTION_TIMEOUT / 2);
  // bring original leader back to life,
  for (let i = 0; i < servers; i++) t.disconnect(i);
  t.connect((leader1 + 0) % servers);
  t.connect((leader1 + 1) % servers);
  t.connect(other);
  // lots of successful commands to new group.
  for (let i = 0; i < 50; i++) await t.one(t.randInt(), 3, true);
  // now everyone
  for (let i = 0; i < servers; i++) t.connect(i);
  await t.one(t.randInt(), servers, true);
}

async function count(t: RaftWorld): Promise<void> {
  const servers = t.peers;
  const rpcs = () => {
    let n = 0;
    for (let j = 0; j < servers; j++) n += t.rpcCount(j);
    return n;
  };
  let leader = await t.checkOneLeader();
  let total1 = rpcs();
  if (total1 > 30 || total1 < 1) t.fatal(`too many or few RPCs (${total1}) to elect initial leader`);
  let total2 = 0;
  let success = false;
  loop: for (let tries = 0; tries < 5; tries++) {
    // give solution some time to settle
    if (tries > 0) await t.sleep(3000);
    leader = await t.checkOneLeader();
    total1 = rpcs();
    const iters = 10;
    const first = t.startOn(leader, 1);
    // leader moved on really quickly
    if (!first.isLeader) continue;
    const { index: starti, term } = first;
    const cmds: number[] = [];
    for (let i = 1; i < iters + 2; i++) {
      const x = t.randInt();
      cmds.push(x);
      const result = t.startOn(leader, x);
      // Term changed while starting
      if (result.term !== term || !result.isLeader) continue loop;
      if (starti + i !== result.index) t.fatal("Start() failed");
    }
    for (let i = 1; i < iters + 1; i++) {
      const cmd = await t.wait(starti + i, servers, term);
      // term changed -- try again
      if (cmd === -1) continue loop;
      if (cmd !== cmds[i - 1]) t.fatal(`wrong value ${String(cmd)} committed for index ${starti + i}; expected ${goSlice(cmds)}\n`);
    }
    let failed = false;
    total2 = 0;
    for (let j = 0; j < servers; j++) {
      // term changed -- can't expect low RPC counts; keep going to update total2
      if (t.stateOfPeer(j).term !== term) failed = true;
      total2 += t.rpcCount(j);
    }
    if (failed) continue;
    if (total2 - total1 > (iters + 1 + 3) * 3) t.fatal(`too many RPCs (${total2 - total1}) for ${iters} entries\n`);
    success = true;
    break;
  }
  if (!success) t.fatal("term changed too often");
  await t.sleep(RAFT_ELECTION_TIMEOUT);
  const total3 = rpcs();
  if (total3 - total2 > 3 * 20) t.fatal(`too many RPCs (${total3 - total2}) for 1 second of idleness\n`);
}

/** Go's %v of a []int: "[1 2 3]". */
function goSlice(values: readonly number[]): string {
  return `[${values.join(" ")}]`;
}

/** Part 3B: log replication. */
export const suite3B: RaftTestDefinition[] = [
  raftTest("3B", "TestBasicAgree3B", "Test (3B): basic agreement", { servers: 3, reliable: true }, basicAgree),
  raftTest("3B", "TestRPCBytes3B", "Test (3B): RPC byte count", { servers: 3, reliable: true }, rpcBytes),
  raftTest("3B", "TestFollowerFailure3B", "Test (3B): test progressive failure of followers", { servers: 3, reliable: true }, followerFailure),
  raftTest("3B", "TestLeaderFailure3B", "Test (3B): test failure of leaders", { servers: 3, reliable: true }, leaderFailure),
  raftTest("3B", "TestFailAgree3B", "Test (3B): agreement after follower reconnects", { servers: 3, reliable: true }, failAgree),
  raftTest("3B", "TestFailNoAgree3B", "Test (3B): no agreement if too many followers disconnect", { servers: 5, reliable: true }, failNoAgree),
  raftTest("3B", "TestConcurrentStarts3B", "Test (3B): concurrent Start()s", { servers: 3, reliable: true }, concurrentStarts),
  raftTest("3B", "TestRejoin3B", "Test (3B): rejoin of partitioned leader", { servers: 3, reliable: true }, rejoin),
  raftTest("3B", "TestBackup3B", "Test (3B): leader backs up quickly over incorrect follower logs", { servers: 5, reliable: true }, backup),
  raftTest("3B", "TestCount3B", "Test (3B): RPC counts aren't too high", { servers: 3, reliable: true }, count),
];
