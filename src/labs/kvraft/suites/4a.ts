import { DEC, INC, NSEC, type KvRaftWorld } from "../world/index.js";
import { NSRV, rsmTest, type KvRaftTestDefinition } from "../test-definition.js";

async function basic(t: KvRaftWorld): Promise<void> {
  const NINC = 10;
  for (let i = 0; i < NINC; i++) {
    const r = await t.oneInc();
    if (r.n !== i + 1) t.fatal(`expected ${i} instead of ${r.n}`); // the course prints i, one less than expected
    await t.checkCounter(r.n, NSRV);
  }
}

async function concurrent(t: KvRaftWorld): Promise<void> {
  const NINC = 50;
  await Promise.all(Array.from({ length: NINC }, () => t.spawn("inc", () => t.oneInc())));
  await t.checkCounter(NINC, NSRV);
}

async function leaderFailure(t: KvRaftWorld): Promise<void> {
  let r = await t.oneInc();
  await t.checkCounter(r.n, NSRV);
  const l = t.disconnectLeader();
  r = await t.oneInc();
  await t.checkCounter(r.n, NSRV - 1);
  t.connectOne(l);
  await t.checkCounter(r.n, NSRV);
}

/** Whether `promise` settles within `ms` of the tester's time (the course's select on a channel and time.After). */
function within(t: KvRaftWorld, promise: Promise<unknown>, ms: number): Promise<boolean> {
  return Promise.race([promise.then(() => true), t.sleep(ms).then(() => false)]);
}

/** A partitioned leader must not commit an operation. */
async function leaderPartition(t: KvRaftWorld): Promise<void> {
  const NSUBMIT = 100;
  const r = await t.oneInc();
  await t.checkCounter(r.n, NSRV);
  const [, l] = t.leader();
  const [p1, p2] = t.makePartition(l);
  t.partition(p1, p2);
  const rsm = t.service(l).rsm!;
  // Many Dec's submitted concurrently start many entries, none of which should commit and be executed.
  const done = Promise.all(
    Array.from({ length: NSUBMIT }, (_, i) =>
      t.spawn("dec", async () => {
        const result = await rsm.submit(DEC);
        if (result?.err === "OK") t.fatal(`Submit ${i} in minority completed ${JSON.stringify(result.value)}`);
      }),
    ),
  );
  // give old leader some time to submit
  await t.sleep(10);
  const committed = await t.onePartition(p1, INC);
  // The course prints the struct{}{} its done channel carries: "{}".
  if (await within(t, done, 1000)) t.fatal("Dec's in minority completed; Submit returns {}");
  t.connectOne(l);
  if (!(await within(t, done, 1000))) t.fatal("Submit after healing didn't return");
  if (!committed) t.fatal(`onePartition: Inc was not committed in the majority within ${NSEC} seconds (runtime error: invalid memory address or nil pointer dereference)`);
  await t.checkCounter(t.expectReply(committed.reply, "IncRep").n, NSRV);
}

/** Incs up to 100 one at a time, each checked on every server. */
async function hundredIncs(t: KvRaftWorld): Promise<void> {
  const NINC = 100;
  for (let i = 0; i < NINC; i++) {
    const r = await t.oneInc();
    if (r.n !== i + 1) t.fatal(`expected ${i} instead of ${r.n}`);
    await t.checkCounter(r.n, NSRV);
  }
}

/** A restart must replay the Incs. */
async function restartReplay(t: KvRaftWorld): Promise<void> {
  await hundredIncs(t);
  t.crashAll();
  await t.sleep(1000);
  t.startAll();
  const r = await t.oneInc();
  if (r.n !== 101) t.fatal(`expected ${101} got ${r.n}`);
  await t.sleep(1000);
  await t.checkCounter(r.n, NSRV);
}

/** 100 concurrent Nulls, then a shutdown 20 ms later: they must all return within NSEC+1 seconds. */
async function nullsThroughShutdown(t: KvRaftWorld): Promise<void> {
  const NSUBMIT = 100;
  const done = Promise.all(Array.from({ length: NSUBMIT }, () => t.spawn("null", () => t.oneNull())));
  // give some time to submit
  await t.sleep(20);
  t.crashAll();
  if (!(await within(t, done, (NSEC + 1) * 1000))) t.fatal("Submit didn't stop after shutdown");
}

/** Submit must terminate after the tester's Shutdown has killed the Raft, which closes its apply channel. */
async function shutdown(t: KvRaftWorld): Promise<void> {
  await nullsThroughShutdown(t);
}

/** Commands after a restart must not get confused with ones submitted before the shutdown. */
async function restartSubmit(t: KvRaftWorld): Promise<void> {
  await hundredIncs(t);
  t.crashAll();
  await t.sleep(1000);
  t.startAll();
  let r = await t.oneInc();
  if (r.n !== 101) t.fatal(`Expected ${101} got ${r.n}`);
  await t.sleep(1000);
  await nullsThroughShutdown(t);
  t.startAll();
  r = await t.oneInc();
  await t.checkCounter(r.n, NSRV);
}

/** The rsm must snapshot (the log stays under 2 × maxraftstate) and restore from its snapshot at a restart. */
async function snapshot(t: KvRaftWorld): Promise<void> {
  const N = 100;
  const MAXRAFTSTATE = 1000;
  for (let i = 0; i < N; i++) await t.oneInc();
  await t.checkCounter(N, NSRV);
  const sz = t.logSize();
  if (sz > 2 * MAXRAFTSTATE) t.fatal(`logs were not trimmed (${sz} > 2 * ${MAXRAFTSTATE})`);
  // rsm must have made snapshots by now; shutdown all servers and restart them from a snapshot
  t.crashAll();
  t.startAll();
  // make restarted servers do one increment
  await t.oneInc();
  await t.checkCounter(N + 1, NSRV);
}

/** Part 4A: the rsm layer (kvraft1/rsm/rsm_test.go, its first seven tests). */
export const suite4A: KvRaftTestDefinition[] = [
  rsmTest("4A", "TestBasic4A", "Test RSM basic", -1, basic),
  rsmTest("4A", "TestConcurrent4A", "Test concurrent submit", -1, concurrent),
  rsmTest("4A", "TestLeaderFailure4A", "Test Leader Failure", -1, leaderFailure),
  rsmTest("4A", "TestLeaderPartition4A", "Test Leader Partition", -1, leaderPartition),
  rsmTest("4A", "TestRestartReplay4A", "Test Restart", -1, restartReplay),
  rsmTest("4A", "TestShutdown4A", "Test Shutdown", -1, shutdown),
  rsmTest("4A", "TestRestartSubmit4A", "Test Restart and submit", -1, restartSubmit),
];

/** The rsm's own 4C test (rsm_test.go's TestSnapshot4C): the first of suite 4C. */
export const rsmSnapshot4C: KvRaftTestDefinition = rsmTest("4C", "TestSnapshot4C", "Test creating and restoring snapshot", 1000, snapshot);
