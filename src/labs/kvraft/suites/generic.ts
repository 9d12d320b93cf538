import { ELECTION_TIMEOUT, type KvRaftWorld } from "../world/index.js";
import type { KvTestShape } from "../test-definition.js";
import { checkPutConcurrent, makeKeys, oneClientPut, spawnClientsAndWait, type ClntRes } from "./kvtest.js";

/** GenericTest's iterations, client phase (ms) and random keys. */
const NITER = 3;
const T = 1000;
const NKEYS = 100;

/**
 * The course's GenericTest: three rounds of 1 s of clients putting (on "k", or on 100 random
 * keys), each followed by the put count check (fixed key), a linearizability check of the whole
 * history so far, and with partitions the Partitioner stopped and the servers healed, with
 * crashes every server restarted, then the log and snapshot size bounds.
 */
export async function genericTest(t: KvRaftWorld, shape: KvTestShape): Promise<void> {
  const ck = t.makeClerk();
  const res: ClntRes = { nok: 0, nmaybe: 0 };
  const keys = shape.randomkeys ? makeKeys(NKEYS) : ["k"];
  const reliable = t.reliable && !shape.crash && !shape.partitions;
  for (let i = 0; i < NITER; i++) {
    const spawned = t.spawn("spawn", async () => {
      const rs = await spawnClientsAndWait(t, shape.nclients, T, (cli, clerk, done) => oneClientPut(t, cli, clerk, keys, shape.randomkeys, done));
      if (!shape.randomkeys) await checkPutConcurrent(t, ck, keys[0]!, rs, res, reliable);
    });
    let partitioner: { stop(): Promise<void> } | undefined;
    if (shape.partitions) {
      await t.sleep(1000);
      partitioner = t.partitioner();
    }
    await spawned;
    t.checkPorcupine();
    if (partitioner) {
      await partitioner.stop();
      t.connectAll();
      await t.sleep(ELECTION_TIMEOUT);
    }
    if (shape.crash) {
      for (let s = 0; s < shape.nservers; s++) t.crash(s);
      // "shutdown isn't a real crash and isn't instantaneous"
      await t.sleep(ELECTION_TIMEOUT);
      for (let s = 0; s < shape.nservers; s++) t.start(s);
      t.connectAll();
    }
    const logSize = t.logSize();
    if (shape.maxraftstate > 0 && logSize > 8 * shape.maxraftstate) t.fatal(`logs were not trimmed (${logSize} > 8*${shape.maxraftstate})`);
    const snapshotSize = t.snapshotSize();
    if (shape.maxraftstate < 0 && snapshotSize > 0) t.fatal(`snapshot too large (${snapshotSize}), should not be used when maxraftstate = ${shape.maxraftstate}`);
  }
}

/** GenericTestSpeed's puts, and the time each may take on average: a third of a 100 ms heartbeat interval. */
const NUM_OPS = 1000;
const HEARTBEAT_INTERVAL_MS = 100;
const OPS_PER_INTERVAL = 3;
const TIME_PER_OP_NS = Math.floor((HEARTBEAT_INTERVAL_MS * 1e6) / OPS_PER_INTERVAL);

/**
 * The course's GenericTestSpeed: after one get (unrecorded, it waits for a leader), 1000 puts in
 * a row, unrecorded, must each return OK and average at most 33.3 ms.
 */
export async function genericTestSpeed(t: KvRaftWorld): Promise<void> {
  const ck = t.makeClerk();
  // Wait until we've got a leader.
  await ck.clerk.get("x");
  const start = t.testerNow();
  for (let i = 0; i < NUM_OPS; i++) {
    const err = await ck.clerk.put("k", String(i), i);
    if (err !== "OK") t.fatal(`Put err ${err}`);
  }
  const durNs = Math.round((t.testerNow() - start) * 1e6);
  const got = await ck.clerk.get("k");
  if (got.err !== "OK") t.fatal(`Get err ${got.err}`);
  else if (got.version !== NUM_OPS) t.fatal(`Get too few ops ${got.version}`);
  if (durNs > NUM_OPS * TIME_PER_OP_NS) t.fatal(`Operations completed too slowly ${goDuration(Math.floor(durNs / NUM_OPS))}/op > ${goDuration(TIME_PER_OP_NS)}/op\n`);
}

/** A duration of `ns` nanoseconds as Go's Duration.String prints it: "33.333333ms", "1.5s", "750µs". */
export function goDuration(ns: number): string {
  const [unit, scale] = ns >= 1e9 ? ["s", 1e9] : ns >= 1e6 ? ["ms", 1e6] : ns >= 1e3 ? ["µs", 1e3] : ["ns", 1];
  const digits = Math.log10(scale);
  const whole = Math.floor(ns / scale);
  const fraction = String(ns % scale).padStart(digits, "0").replace(/0+$/, "");
  return `${whole}${fraction ? `.${fraction}` : ""}${unit}`;
}
