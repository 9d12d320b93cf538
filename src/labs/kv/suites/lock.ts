import type { LabEnv } from "../../../../labnet/index.js";
import { randomId } from "../reference-lock.js";
import { spawnClientsAndWait, type KvWorld, type WorldClerk } from "../world.js";
import type { KvTestDefinition } from "../test-definition.js";
import { lockRules, lockTest } from "./lock-rules.js";
import type { Section } from "./lock-section.js";

// oneClient's callers make the Section it counts in.
export type { Section } from "./lock-section.js";

/**
 * One lock client: warms up two locks, then loops acquire → check the witness key "l0" is empty →
 * write its id → sleep 10 ms → clear it → release. Two holders at once show up as a non-empty
 * witness, a failed put, or (directly) a second client inside the section.
 */
export async function oneClient(t: KvWorld, me: number, ck: WorldClerk, done: () => boolean, names: [string, string], section: Section, untilItWorked: boolean) {
  const lk1 = t.makeLock(ck, names[0]);
  const lk2 = t.makeLock(ck, names[1]);
  await lk1.acquire();
  await lk2.acquire();
  await lk1.release();
  await lk2.release();
  await ck.clerk.put("l0", "", 0);
  let rounds = 0;
  while (!done() || (untilItWorked && rounds === 0)) {
    await lk1.acquire();
    if (++section.inside !== 1) t.fatal(`${me}: two clients acquired lock at once`);
    const { value, version, err } = await ck.clerk.get("l0");
    if (err !== "OK") t.fatal(`${me}: get failed ${err}`);
    if (value !== "") t.fatal(`${me}: two clients acquired lock ${value}`);
    let putErr = await ck.clerk.put("l0", String(me), version);
    if (!(putErr === "OK" || putErr === "ErrMaybe")) t.fatal(`${me}: put failed ${putErr}`);
    await ck.env.sleep(10);
    putErr = await ck.clerk.put("l0", "", version + 1);
    if (!(putErr === "OK" || putErr === "ErrMaybe")) t.fatal(`${me}: put failed ${putErr}`);
    section.inside--;
    await lk1.release();
    rounds++;
  }
}

/**
 * `clients` lock clients for `durationMs`. With `untilEachClientWorked` (the rust suite's liveness
 * check), a client that has not yet completed a round keeps going after the duration; one that
 * never gets the lock shows up in the test's time-limit failure. The lab itself only asks that
 * nobody failed.
 */
function runClients(clients: number, durationMs = 2000, untilEachClientWorked = false) {
  return async (t: KvWorld, tester: LabEnv): Promise<void> => {
    const names: [string, string] = [randomId(tester, 12), randomId(tester, 12)];
    const section: Section = { inside: 0 };
    await spawnClientsAndWait(t, tester, clients, durationMs, (me, ck, done) => oneClient(t, me, ck, done, names, section, untilEachClientWorked));
  };
}

async function reliableBasic(t: KvWorld, tester: LabEnv): Promise<void> {
  const ck = t.makeClerk();
  const lk1 = t.makeLock(ck, randomId(tester, 12));
  await lk1.acquire();
  await lk1.release();
}

async function reliableNested(t: KvWorld, tester: LabEnv): Promise<void> {
  const ck = t.makeClerk();
  const lk1 = t.makeLock(ck, randomId(tester, 12));
  const lk2 = t.makeLock(ck, randomId(tester, 12));
  for (const step of ["a1", "a2", "r2", "r1", "a2", "a1", "r1", "a1", "r2", "r1"]) {
    const lock = step[1] === "1" ? lk1 : lk2;
    await (step[0] === "a" ? lock.acquire() : lock.release());
  }
}

/** The lock suite, test by test. */
export const lockSuite: KvTestDefinition[] = [
  lockTest("TestReliableBasic", "Test: a single Acquire and Release", true, reliableBasic),
  lockTest("TestReliableNested", "Test: one client, two locks", true, reliableNested),
  lockTest("TestOneClientReliable", "Test: 1 lock clients", true, runClients(1)),
  lockTest("TestManyClientsReliable", "Test: 10 lock clients", true, runClients(10)),
  lockTest("TestOneClientUnreliable", "Test: 1 lock clients", false, runClients(1)),
  lockTest("TestManyClientsUnreliable", "Test: 10 lock clients", false, runClients(10)),
  ...lockRules,
];

export { runClients as lockClients };
