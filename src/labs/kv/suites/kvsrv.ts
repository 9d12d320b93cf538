import type { LabEnv } from "../../../../labnet/index.js";
import { randomId } from "../reference-lock.js";
import { simulated, type SimulatedKvWorld } from "../sim-world.js";
import { spawnClientsAndWait, type KvWorld, type WorldClerk } from "../world.js";
import { checkLinearizable, checkPutConcurrent, getJson, oneClientPut, putJson } from "./kvtest.js";
import { distinctValue, heapAfterGcWithout, retainedBytes } from "../../../harness/index.js";
import { SIMULATION_ONLY, type KvTestDefinition } from "../test-definition.js";

async function reliablePut(t: KvWorld): Promise<void> {
  const value = "kvlab";
  const ck = t.makeClerk();
  let err = await ck.clerk.put("k", value, 0);
  if (err !== "OK") t.fatal(`Put err ${err}`);
  const got = await ck.clerk.get("k");
  if (got.err !== "OK") t.fatal(`Get err ${got.err}; expected OK`);
  if (got.value !== value) t.fatal(`Get value err ${got.value}; expected ${value}`);
  if (got.version !== 1) t.fatal(`Get wrong version ${got.version}; expected 1`);
  err = await ck.clerk.put("k", value, 0);
  if (err !== "ErrVersion") t.fatal(`expected Put to fail with ErrVersion; got err=${err}`);
  err = await ck.clerk.put("y", value, 1);
  if (err !== "ErrNoKey") t.fatal(`expected Put to fail with ErrNoKey; got err=${err}`);
  const missing = await ck.clerk.get("y");
  if (missing.err !== "ErrNoKey") t.fatal(`expected Get to fail with ErrNoKey; got err=${missing.err}`);
}

async function putConcurrent(t: KvWorld, tester: LabEnv): Promise<void> {
  const results = await spawnClientsAndWait(t, tester, 10, 1000, (me, ck, done) => oneClientPut(t, me, ck, "k", done));
  await checkPutConcurrent(t, t.makeClerk(), "k", results);
  checkLinearizable(t);
}

/**
 * Heap growth per client above which the memory tests fail. A correct server's heap stays within
 * ±8 bytes per client; keeping old values costs ~1,000 (each put's value is 1,000 bytes), a table
 * with an entry per client 35–150 (measured: README, "Memory tests").
 */
const HEAP_PER_CLIENT = 20;
/**
 * Growth per client of the server object's retained size (memory.ts) above which the memory tests
 * fail. The reference's walk grows ~0.05 bytes a client (its one value's decimal index); a server
 * that keeps a number per put (8 bytes) or anything more per client goes past it.
 */
const WALK_PER_CLIENT = 1;
/**
 * What a correct server may hold whatever the number of clients: its two keys with their last
 * 1,000-byte values, its table, its closures and what V8 keeps per closure (feedback and
 * optimised code, which a larger server has more of). The reference holds 2–32 KB.
 */
const SERVER_FIXED_BYTES = 1024 * 1024;
/** Clients of the round before the baseline (see memPutManyClients). */
const WARM_UP_CLIENTS = 2000;
/** Heap readings per measure, each after a full GC; the smallest counts. */
const HEAP_READINGS = 3;

/**
 * Many clerks, each with one first put (ErrNoKey) and then one put of a value of its own, in
 * turn. The server needs only the last value, so nothing it holds may grow with the clients.
 * Three measures, from before the clerks exist to after the last put:
 * - first, the retained size of the server object (deterministic: the same on every machine);
 * - then the process heap after a full GC, with the clerks deleted (so the lab and the clerks
 *   hold nothing of them) and the lab's own records (the kept trace; with forensics the clerk
 *   journal and the server's executions) not counted. It sees what the server holds where the
 *   walk cannot: closures, module-level variables, class private fields, WeakMaps. Every put's
 *   value is a distinct 1,000-byte string, so a server that keeps old values grows by ~1,000
 *   bytes a client. Each heap figure is the smallest of a few GC'd readings; the info line gives
 *   their spread;
 * - and, from the same last heap figure, what the server alone holds: the heap once the server
 *   is dropped, subtracted. Growth freed elsewhere during the round cannot hide it, as it can
 *   hide the process heap's growth; state kept outside the server (a module-level table) shows
 *   only in the process heap.
 */
function memPutManyClients(clients: number) {
  return async (t: KvWorld, tester: LabEnv): Promise<void> => {
    const base = randomId(tester, 1000); // 1000 random letters
    const lab = simulated(t);
    // A smaller round first, on a key of its own, so the code the measured round runs is compiled
    // (and its loops optimised) before the baseline: compiled code counts in the heap. Its clerks
    // are deleted and their array emptied before the baseline, so none of them is alive in one
    // measure and freed in the other, whatever V8 keeps of this function's locals.
    const warmUp = Array.from({ length: WARM_UP_CLIENTS }, () => t.makeClerk());
    await putInTurn(t, warmUp, "warm-up", base);
    for (const ck of warmUp) t.deleteClerk(ck);
    warmUp.length = 0;
    const m0 = retainedBytes(lab.service);
    const heap0 = heapReadings(lab);
    const clerks = Array.from({ length: clients }, () => t.makeClerk());
    await putInTurn(t, clerks, "k", base);
    const m1 = retainedBytes(lab.service);
    for (const ck of clerks) t.deleteClerk(ck);
    clerks.length = 0;
    const heap1 = heapReadings(lab);
    const perClient = (from: number, to: number) => ((to - from) / clients).toFixed(2);
    if (m1 > m0 + clients * WALK_PER_CLIENT) {
      t.fatal(`error: server using too much memory ${m0} ${m1} (${perClient(m0, m1)} byte per client)`, { kind: "memory" });
    }
    const [low0, low1] = [Math.min(...heap0), Math.min(...heap1)];
    // What the server alone holds: the heap with the server, then at once without it, both after
    // full GCs. Nothing else changes between the two, so nothing can make up for its growth.
    lab.dropServer();
    const heldByServer = low1 - Math.min(...heapReadings(lab));
    if (heldByServer > SERVER_FIXED_BYTES + clients * HEAP_PER_CLIENT) {
      t.fatal(
        `error: server using too much memory: it holds ${heldByServer} bytes after ${clients} clients (${(heldByServer / clients).toFixed(2)} byte per client; allowed ${HEAP_PER_CLIENT} per client beyond ${SERVER_FIXED_BYTES})`,
        { kind: "memory" },
      );
    }
    // State the server keeps outside itself (a module-level table) shows only in the process heap,
    // from before the round to after it. That figure can miss growth when something freed during
    // the round (a previous run's world that outlived its run) makes up for it, hence the measure
    // above for everything the server itself holds.
    if (low1 > low0 + clients * HEAP_PER_CLIENT) {
      t.fatal(`error: server using too much memory: the heap grew ${perClient(low0, low1)} byte per client (allowed ${HEAP_PER_CLIENT}; ${low0} → ${low1} after GC)`, { kind: "memory" });
    }
    const spread = (readings: number[]) => ((Math.max(...readings) - Math.min(...readings)) / clients).toFixed(2);
    t.notes.info.push(
      `info: memory per client: server object ${perClient(m0, m1)} byte (allowed ${WALK_PER_CLIENT}), heap ${perClient(low0, low1)} (allowed ${HEAP_PER_CLIENT}; readings spread ${spread(heap0)} before, ${spread(heap1)} after); the server alone holds ${heldByServer} bytes`,
    );
  };
}

/** HEAP_READINGS heap figures after GC, the lab's own records not counted. */
function heapReadings(lab: SimulatedKvWorld): number[] {
  return heapAfterGcWithout([lab.sim.trace.events, lab.journal, lab.executions], HEAP_READINGS);
}

/** Each clerk's first put (ErrNoKey), then each clerk's put of its own value, in turn. */
async function putInTurn(t: KvWorld, clerks: WorldClerk[], key: string, base: string): Promise<void> {
  for (const ck of clerks) {
    const err = await ck.clerk.put(key, "", 1);
    if (err !== "ErrNoKey") t.fatal(`Put failed ${err}`);
  }
  for (let i = 0; i < clerks.length; i++) {
    const err = await clerks[i]!.clerk.put(key, distinctValue(base, i), i);
    if (err !== "OK") t.fatal(`Put failed ${err}`);
  }
}

async function unreliableNet(t: KvWorld): Promise<void> {
  const ck = t.makeClerk();
  let retried = false;
  for (let attempt = 0; attempt < 100; attempt++) {
    for (let i = 0; ; i++) {
      const err = await putJson(t, ck, "k", i, attempt, 0);
      if (err !== "ErrMaybe") {
        if (i > 0 && err !== "ErrVersion") t.fatal(`Put shouldn't have happen more than once ${err}`);
        break;
      }
      retried = true;
    }
    const { value, version } = await getJson<number>(t, ck, "k", 0);
    if (version !== attempt + 1) t.fatal(`Wrong version ${version} expect ${attempt + 1}`);
    if (value !== 0) t.fatal(`Wrong value ${value} expect 0`);
  }
  if (!retried) t.fatal("Clerk.Put never returned ErrMaybe");
  checkLinearizable(t);
}

/** The key/value server suite, test by test. */
export const kvsrvSuite: KvTestDefinition[] = [
  { suite: "kvsrv", name: "TestReliablePut", title: "One client and reliable Put", reliable: true, body: reliablePut },
  {
    suite: "kvsrv",
    name: "TestPutConcurrentReliable",
    title: "Test: many clients racing to put values to the same key",
    reliable: true,
    body: putConcurrent,
  },
  {
    suite: "kvsrv",
    name: "TestMemPutManyClientsReliable",
    title: "Test: memory use many put clients",
    reliable: true,
    needsSimulation: SIMULATION_ONLY,
    body: memPutManyClients(20_000),
  },
  {
    suite: "kvsrv",
    name: "TestMemPutManyClientsReliable100k",
    title: "Test: memory use many put clients",
    reliable: true,
    needsSimulation: SIMULATION_ONLY,
    timeLimitMs: 600_000,
    body: memPutManyClients(100_000),
  },
  { suite: "kvsrv", name: "TestUnreliableNet", title: "One client", reliable: false, body: unreliableNet },
];
