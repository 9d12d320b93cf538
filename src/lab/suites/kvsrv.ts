import type { LabEnv } from "../../../labnet/index.js";
import { randomId } from "../../kv/index.js";
import { simulated } from "../lab-test.js";
import { spawnClientsAndWait, type LabWorld } from "../world.js";
import { checkLinearizable, checkPutConcurrent, getJson, oneClientPut, putJson } from "../kvtest.js";
import { heapAfterGc, retainedBytes } from "../memory.js";
import type { LabTestDefinition } from "../suite.js";

async function reliablePut(t: LabWorld): Promise<void> {
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

async function putConcurrent(t: LabWorld, tester: LabEnv): Promise<void> {
  const results = await spawnClientsAndWait(t, tester, 10, 1000, (me, ck, done) => oneClientPut(t, me, ck, "k", done));
  await checkPutConcurrent(t, t.makeClerk(), "k", results);
  checkLinearizable(t);
}

/**
 * Many clerks put in turn; the server's retained state must not grow per client (a size walk of
 * the service object, deterministic), and with `heapPerClient` the process heap must not either.
 */
function memPutManyClients(clients: number, bytesPerClient: number, heapPerClient?: number) {
  return async (t: LabWorld, tester: LabEnv): Promise<void> => {
    const value = randomId(tester, 1000); // 1000 random letters
    const clerks = Array.from({ length: clients }, () => t.makeClerk());
    for (const ck of clerks) {
      const err = await ck.clerk.put("k", "", 1);
      if (err !== "ErrNoKey") t.fatal(`Put failed ${err}`);
    }
    const m0 = retainedBytes(simulated(t).service);
    const heap0 = heapPerClient === undefined ? 0 : heapAfterGc();
    for (let i = 0; i < clients; i++) {
      const err = await clerks[i]!.clerk.put("k", value, i);
      if (err !== "OK") t.fatal(`Put failed ${err}`);
    }
    const m1 = retainedBytes(simulated(t).service);
    if (m1 > m0 + clients * bytesPerClient) {
      t.fatal(`error: server using too much memory ${m0} ${m1} (${((m1 - m0) / clients).toFixed(2)} byte per client)`);
    }
    if (heapPerClient !== undefined) {
      const heap1 = heapAfterGc();
      if (heap1 > heap0 + clients * heapPerClient) {
        t.fatal(`error: server using too much memory ${heap0} ${heap1} (${((heap1 - heap0) / clients).toFixed(2)} per client)`);
      }
    }
  };
}

async function unreliableNet(t: LabWorld): Promise<void> {
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
export const kvsrvSuite: LabTestDefinition[] = [
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
    needsSimulation: true,
    body: memPutManyClients(20_000, 10),
  },
  {
    suite: "kvsrv",
    name: "TestMemPutManyClientsReliable100k",
    title: "Test: memory use many put clients",
    reliable: true,
    needsSimulation: true,
    timeLimitMs: 600_000,
    body: memPutManyClients(100_000, 200, 200),
  },
  { suite: "kvsrv", name: "TestUnreliableNet", title: "One client", reliable: false, body: unreliableNet },
];
