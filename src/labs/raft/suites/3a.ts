import { RAFT_ELECTION_TIMEOUT, type RaftWorld } from "../world/index.js";
import { raftTest, type RaftTestDefinition } from "../test-definition.js";

async function initialElection(t: RaftWorld): Promise<void> {
  // is a leader elected?
  await t.checkOneLeader();
  // sleep a bit to avoid racing with followers learning of the election, then check all peers agree on the term.
  await t.sleep(50);
  const term1 = t.checkTerms();
  if (term1 < 1) t.fatal(`term is ${term1}, but should be at least 1`);
  // does the leader+term stay the same if there is no network failure?
  await t.sleep(2 * RAFT_ELECTION_TIMEOUT);
  const term2 = t.checkTerms();
  if (term1 !== term2) t.notes.info.push("warning: term changed even though there were no failures");
  // there should still be a leader.
  await t.checkOneLeader();
}

async function reElection(t: RaftWorld): Promise<void> {
  const servers = t.peers;
  const leader1 = await t.checkOneLeader();
  // if the leader disconnects, a new one should be elected.
  t.disconnect(leader1);
  await t.checkOneLeader();
  // if the old leader rejoins, that shouldn't disturb the new leader, and the old leader should switch to follower.
  t.connect(leader1);
  const leader2 = await t.checkOneLeader();
  // if there's no quorum, no new leader should be elected.
  t.disconnect(leader2);
  t.disconnect((leader2 + 1) % servers);
  await t.sleep(2 * RAFT_ELECTION_TIMEOUT);
  // check that the one connected server does not think it is the leader.
  t.checkNoLeader();
  // if a quorum arises, it should elect a leader.
  t.connect((leader2 + 1) % servers);
  await t.checkOneLeader();
  // re-join of last node shouldn't prevent leader from existing.
  t.connect(leader2);
  await t.checkOneLeader();
}

async function manyElections(t: RaftWorld): Promise<void> {
  const servers = t.peers;
  await t.checkOneLeader();
  const iters = 10;
  for (let ii = 1; ii < iters; ii++) {
    // disconnect three nodes
    const i1 = t.randInt(servers);
    const i2 = t.randInt(servers);
    const i3 = t.randInt(servers);
    t.disconnect(i1);
    t.disconnect(i2);
    t.disconnect(i3);
    // either the current leader should still be alive, or the remaining four should elect a new one.
    await t.checkOneLeader();
    t.connect(i1);
    t.connect(i2);
    t.connect(i3);
  }
  await t.checkOneLeader();
}

/** Part 3A: leader election. */
export const suite3A: RaftTestDefinition[] = [
  raftTest("3A", "TestInitialElection3A", "Test (3A): initial election", { servers: 3, reliable: true }, initialElection),
  raftTest("3A", "TestReElection3A", "Test (3A): election after network failure", { servers: 3, reliable: true }, reElection),
  raftTest("3A", "TestManyElections3A", "Test (3A): multiple elections", { servers: 7, reliable: true }, manyElections),
];
