import { RAFT_ELECTION_TIMEOUT, type RaftWorld } from "../world/index.js";
import { raftTest, type RaftTestDefinition } from "../test-definition.js";

async function persist1(t: RaftWorld): Promise<void> {
  const servers = t.peers;
  await t.one(11, servers, true);
  t.crashAll();
  t.startAll();
  await t.one(12, servers, true);
  const leader1 = await t.checkOneLeader();
  t.crash(leader1);
  t.restart(leader1);
  await t.one(13, servers, true);
  const leader2 = await t.checkOneLeader();
  t.crash(leader2);
  await t.one(14, servers - 1, true);
  t.restart(leader2);
  // wait for leader2 to join before killing i3
  await t.wait(4, servers, -1);
  const i3 = ((await t.checkOneLeader()) + 1) % servers;
  t.crash(i3);
  await t.one(15, servers - 1, true);
  t.restart(i3);
  await t.one(16, servers, true);
}

async function persist2(t: RaftWorld): Promise<void> {
  const servers = t.peers;
  let index = 1;
  for (let iters = 0; iters < 5; iters++) {
    await t.one(10 + index, servers, true);
    index++;
    const leader1 = await t.checkOneLeader();
    t.crash((leader1 + 1) % servers);
    t.crash((leader1 + 2) % servers);
    await t.one(10 + index, servers - 2, true);
    index++;
    t.crash((leader1 + 0) % servers);
    t.crash((leader1 + 3) % servers);
    t.crash((leader1 + 4) % servers);
    t.restart((leader1 + 1) % servers);
    t.restart((leader1 + 2) % servers);
    await t.sleep(RAFT_ELECTION_TIMEOUT);
    t.restart((leader1 + 3) % servers);
    await t.one(10 + index, servers - 2, true);
    index++;
    t.restart((leader1 + 4) % servers);
    t.restart((leader1 + 0) % servers);
  }
  await t.one(1000, servers, true);
}

async function persist3(t: RaftWorld): Promise<void> {
  const servers = t.peers;
  await t.one(101, 3, true);
  const leader = await t.checkOneLeader();
  t.disconnect((leader + 2) % servers);
  await t.one(102, 2, true);
  t.crash((leader + 0) % servers);
  t.crash((leader + 1) % servers);
  t.connect((leader + 2) % servers);
  t.restart((leader + 0) % servers);
  await t.one(103, 2, true);
  t.restart((leader + 1) % servers);
  await t.one(104, servers, true);
}

/** Sleeps as Figure 8's rounds do: 10% of them up to half a second, the rest up to 12 ms. */
async function figure8Pause(t: RaftWorld): Promise<void> {
  if (t.randInt(1000) < 100) await t.sleep(t.randInt(RAFT_ELECTION_TIMEOUT / 2));
  else await t.sleep(t.randInt(13));
}

/**
 * Test the scenarios described in Figure 8 of the extended Raft paper. Each iteration asks a leader,
 * if there is one, to insert a command in the Raft log. If there is a leader, that leader will fail
 * quickly with a high probability (perhaps without committing the command), or crash after a while
 * with low probability (most likey committing the command). If the number of alive servers isn't
 * enough to form a majority, perhaps start a new server. The leader in a new term may try to finish
 * replicating log entries that haven't been committed yet.
 */
async function figure8(t: RaftWorld): Promise<void> {
  const servers = t.peers;
  await t.one(t.randInt(), 1, true);
  let nup = servers;
  for (let iters = 0; iters < 1000; iters++) {
    let leader = -1;
    for (let i = 0; i < servers; i++) {
      if (!t.raft(i)) continue;
      if (t.startOn(i, t.randInt()).isLeader) leader = i;
    }
    await figure8Pause(t);
    if (leader !== -1) {
      t.crash(leader);
      nup -= 1;
    }
    if (nup < 3) {
      const s = t.randInt(servers);
      if (!t.raft(s)) {
        t.restart(s);
        nup += 1;
      }
    }
  }
  for (let i = 0; i < servers; i++) if (!t.raft(i)) t.restart(i);
  await t.one(t.randInt(), servers, true);
}

async function unreliableAgree(t: RaftWorld): Promise<void> {
  const servers = t.peers;
  const clients: Promise<void>[] = [];
  for (let iters = 1; iters < 50; iters++) {
    for (let j = 0; j < 4; j++) {
      clients.push(
        t.spawn("agree", async () => {
          await t.one(100 * iters + j, 1, true);
        }),
      );
    }
    await t.one(iters, 1, true);
  }
  t.setReliable(true);
  await Promise.all(clients);
  await t.one(100, servers, true);
}

async function figure8Unreliable(t: RaftWorld): Promise<void> {
  const servers = t.peers;
  await t.one(t.randInt(10000), 1, true);
  let nup = servers;
  for (let iters = 0; iters < 1000; iters++) {
    if (iters === 200) t.setLongReordering(true);
    let leader = -1;
    for (let i = 0; i < servers; i++) {
      if (t.startOn(i, t.randInt(10000)).isLeader && t.isConnected(i)) leader = i;
    }
    await figure8Pause(t);
    if (leader !== -1 && t.randInt(1000) < RAFT_ELECTION_TIMEOUT / 2) {
      t.disconnect(leader);
      nup -= 1;
    }
    if (nup < 3) {
      const s = t.randInt(servers);
      if (!t.isConnected(s)) {
        t.connect(s);
        nup += 1;
      }
    }
  }
  for (let i = 0; i < servers; i++) if (!t.isConnected(i)) t.connect(i);
  await t.one(t.randInt(10000), servers, true);
}

/** One churn client: starts commands on every live peer and keeps those it saw committed. */
async function churnClient(t: RaftWorld, me: number, stop: { done: boolean }): Promise<number[]> {
  const values: number[] = [];
  while (!stop.done) {
    const x = t.randInt();
    let index = -1;
    let ok = false;
    for (let i = 0; i < t.peers; i++) {
      // try them all, maybe one of them is a leader
      if (!t.raft(i)) continue;
      const result = t.startOn(i, x);
      if (result.isLeader) {
        ok = true;
        index = result.index;
      }
    }
    if (ok) {
      // maybe leader will commit our value, maybe not. but don't wait forever.
      for (const to of [10, 20, 50, 100, 200]) {
        const [nd, cmd] = t.nCommitted(index);
        if (nd > 0) {
          if (typeof cmd !== "number") t.fatal("wrong command type");
          if (cmd === x) values.push(cmd);
          break;
        }
        await t.sleep(to);
      }
    } else {
      await t.sleep(79 + me * 17);
    }
  }
  return values;
}

/** Churn: clients start commands while peers are disconnected, crashed and restarted at random (the network is the test's). */
async function churn(t: RaftWorld): Promise<void> {
  const servers = t.peers;
  const stop = { done: false };
  const ncli = 3;
  const clients: Promise<number[]>[] = [];
  for (let i = 0; i < ncli; i++) clients.push(t.spawn("churn-client", () => churnClient(t, i, stop)));
  for (let iters = 0; iters < 20; iters++) {
    if (t.randInt(1000) < 200) t.disconnect(t.randInt(servers));
    if (t.randInt(1000) < 500) {
      const i = t.randInt(servers);
      // The course's ts.restart: a restart reconnects every peer, not only the restarted one.
      if (!t.raft(i)) t.restart(i);
      t.connect(i);
    }
    if (t.randInt(1000) < 200) {
      const i = t.randInt(servers);
      if (t.raft(i)) t.crash(i);
    }
    // Make crash/restart infrequent enough that the peers can often keep up, but not so
    // infrequent that everything has settled down from one change to the next.
    await t.sleep((RAFT_ELECTION_TIMEOUT * 7) / 10);
  }
  await t.sleep(RAFT_ELECTION_TIMEOUT);
  t.setReliable(true);
  for (let i = 0; i < servers; i++) {
    if (!t.raft(i)) t.restart(i);
    t.connect(i);
  }
  stop.done = true;
  const values: number[] = [];
  for (const client of clients) values.push(...(await client));
  await t.sleep(RAFT_ELECTION_TIMEOUT);
  const lastIndex = await t.one(t.randInt(), servers, true);
  const really: unknown[] = [];
  for (let index = 1; index <= lastIndex; index++) {
    const v = await t.wait(index, servers, -1);
    if (typeof v !== "number") t.fatal("not an int");
    really.push(v);
  }
  for (const v1 of values) if (!really.includes(v1)) t.fatal("didn't find a value");
}

/** Part 3C: persistence. */
export const suite3C: RaftTestDefinition[] = [
  raftTest("3C", "TestPersist13C", "Test (3C): basic persistence", { servers: 3, reliable: true }, persist1),
  raftTest("3C", "TestPersist23C", "Test (3C): more persistence", { servers: 5, reliable: true }, persist2),
  raftTest("3C", "TestPersist33C", "Test (3C): partitioned leader and one follower crash, leader restarts", { servers: 3, reliable: true }, persist3),
  raftTest("3C", "TestFigure83C", "Test (3C): Figure 8", { servers: 5, reliable: true }, figure8),
  raftTest("3C", "TestUnreliableAgree3C", "Test (3C): unreliable agreement", { servers: 5, reliable: false }, unreliableAgree),
  raftTest("3C", "TestFigure8Unreliable3C", "Test (3C): Figure 8 (unreliable)", { servers: 5, reliable: false }, figure8Unreliable),
  raftTest("3C", "TestReliableChurn3C", "Test (3C): churn", { servers: 5, reliable: true }, churn),
  raftTest("3C", "TestUnreliableChurn3C", "Test (3C): unreliable churn", { servers: 5, reliable: false }, churn),
];
