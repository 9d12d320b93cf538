import { ELECTION_TIMEOUT, type KvRaftWorld } from "../world/index.js";
import { kvShape, kvTest, type KvRaftTestDefinition, type KvTestShape } from "../test-definition.js";
import { rsmSnapshot4C } from "./4a.js";
import { genericTest, genericTestSpeed } from "./generic.js";
import { checkGet, putAtLeastOnce } from "./kvtest.js";

/** The 4C tests' maxraftstate. */
const MAXRAFTSTATE = 1000;

/** MakeTest's arguments for a 4C test: snapshots past 1000 bytes of Raft state. */
function shape(part: string, nclients: number, nservers: number, reliable: boolean, flags: Partial<KvTestShape> = {}): KvTestShape {
  return kvShape(part, nclients, nservers, reliable, { maxraftstate: MAXRAFTSTATE, ...flags });
}

/** Fails when the largest persisted Raft state is past 8 × maxraftstate. */
function checkTrimmed(t: KvRaftWorld): void {
  const sz = t.logSize();
  if (sz > 8 * t.maxRaftState) t.fatal(`logs were not trimmed (${sz} > 8*${t.maxRaftState})`);
}

/**
 * A server that falls behind and then rejoins must recover through InstallSnapshot; the majority
 * must discard committed log entries even if the minority does not respond. (The course's second
 * Begin title here is "Test: InstallSnapshot RPC (4C)".)
 */
async function snapshotRPC(t: KvRaftWorld): Promise<void> {
  const ck = t.makeClerk();
  const vera = await putAtLeastOnce(t, ck, "a", "A", 0, -1);
  await checkGet(t, ck, "a", "A", vera);
  let verb = 0;
  // a bunch of puts into the majority partition.
  t.partition([0, 1], [2]);
  {
    const ck1 = t.makeClerkTo([0, 1]);
    for (let i = 0; i < 50; i++) await putAtLeastOnce(t, ck1, String(i), String(i), 0, -1);
    await t.sleep(ELECTION_TIMEOUT);
    verb = await putAtLeastOnce(t, ck1, "b", "B", verb, -1);
  }
  // check that the majority partition has thrown away most of its log entries.
  checkTrimmed(t);
  // now make group that requires participation of lagging server, so that it has to catch up.
  let verc = 0;
  t.partition([0, 2], [1]);
  {
    const ck1 = t.makeClerkTo([0, 2]);
    verc = await putAtLeastOnce(t, ck1, "c", "C", verc, -1);
    await putAtLeastOnce(t, ck1, "d", "D", 0, -1);
    await checkGet(t, ck1, "a", "A", vera);
    await checkGet(t, ck1, "b", "B", verb);
    await checkGet(t, ck1, "1", "1", 1);
    await checkGet(t, ck1, "49", "49", 1);
  }
  // now everybody
  t.partition([0, 1, 2], []);
  const vere = await putAtLeastOnce(t, ck, "e", "E", 0, -1);
  await checkGet(t, ck, "c", "C", verc);
  await checkGet(t, ck, "e", "E", vere);
  await checkGet(t, ck, "1", "1", 1);
}

/** Snapshots hold no more than the service's state: 500 bytes is a generous bound for these operations. */
async function snapshotSize(t: KvRaftWorld): Promise<void> {
  const MAXSNAPSHOTSTATE = 500;
  const ck = t.makeClerk();
  let ver = 0;
  for (let i = 0; i < 200; i++) {
    ver = await putAtLeastOnce(t, ck, "x", "0", ver, -1);
    await checkGet(t, ck, "x", "0", ver);
    ver = await putAtLeastOnce(t, ck, "x", "1", ver, -1);
    await checkGet(t, ck, "x", "1", ver);
  }
  // check that servers have thrown away most of their log entries
  checkTrimmed(t);
  // check that the snapshots are not unreasonably large
  const ssz = t.snapshotSize();
  if (ssz > MAXSNAPSHOTSTATE) t.fatal(`snapshot too large (${ssz} > ${MAXSNAPSHOTSTATE})`);
}

/** Part 4C: snapshots, the rsm's own test first (rsm_test.go's TestSnapshot4C), then kvraft_test.go's. */
export const suite4C: KvRaftTestDefinition[] = [
  rsmSnapshot4C,
  kvTest("4C", "TestSnapshotRPC4C", shape("4C SnapshotsRPC", 0, 3, true), snapshotRPC),
  kvTest("4C", "TestSnapshotSize4C", shape("4C snapshot size is reasonable", 0, 3, true), snapshotSize),
  kvTest("4C", "TestSpeed4C", shape("4C speed", 1, 3, true), genericTestSpeed),
  kvTest("4C", "TestSnapshotRecover4C", shape("4C restarts, snapshots, one client", 1, 5, true, { crash: true }), genericTest),
  kvTest("4C", "TestSnapshotRecoverManyClients4C", shape("4C restarts, snapshots, many clients ", 20, 5, true, { crash: true }), genericTest),
  kvTest("4C", "TestSnapshotUnreliable4C", shape("4C unreliable net, snapshots, many clients", 5, 5, false), genericTest),
  kvTest("4C", "TestSnapshotUnreliableRecover4C", shape("4C unreliable net, restarts, snapshots, many clients", 5, 5, false, { crash: true }), genericTest),
  kvTest(
    "4C",
    "TestSnapshotUnreliableRecoverConcurrentPartition4C",
    shape("4C unreliable net, restarts, partitions, snapshots, many clients", 5, 5, false, { crash: true, partitions: true }),
    genericTest,
  ),
  kvTest(
    "4C",
    "TestSnapshotUnreliableRecoverConcurrentPartitionLinearizable4C",
    shape("4C unreliable net, restarts, partitions, snapshots, random keys, many clients", 15, 7, false, { crash: true, partitions: true, randomkeys: true }),
    genericTest,
  ),
];
