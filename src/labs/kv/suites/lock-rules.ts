import type { End, LabEnv } from "../../../../labnet/index.js";
import type { Clerk } from "../contract.js";
import { randomId } from "../reference-lock.js";
import { simulated } from "../sim-world.js";
import { observed } from "../observed.js";
import { SIMULATION_ONLY, type KvTestDefinition } from "../test-definition.js";
import type { KvWorld } from "../world.js";
import type { Section } from "./lock-section.js";

/** How long a client that holds the lock keeps it, while others try to take it. */
const HOLD_MS = 1000;
/** How long a step that needs nothing but a free lock and a few RPCs may take. */
const STEP_MS = 5000;

/** Enters the critical section as client `me`; a second client inside fails the test, saying why it could. */
function enter(t: KvWorld, section: Section, me: number, how: string): void {
  if (++section.inside !== 1) t.fatal(`${me}: two clients acquired lock at once (${how})`);
}

/** Waits for `step`, failing the test with `message` if it takes longer than `ms` of the tester's time. */
async function within(t: KvWorld, tester: LabEnv, step: Promise<void>, ms: number, message: string): Promise<void> {
  let finished = false;
  await Promise.race([step.then(() => (finished = true)), tester.sleep(ms)]);
  if (!finished) t.fatal(message);
}

/**
 * `clients` clients, numbered from `first`, each acquiring the lock `name`, holding it HOLD_MS and
 * releasing it; resolves when all are done. They keep trying all along, so any moment the lock
 * is wrongly free, one of them gets in.
 */
function contenders(t: KvWorld, section: Section, name: string, first: number, clients: number, how: string): Promise<void[]> {
  return Promise.all(
    Array.from({ length: clients }, (_, i) =>
      t.spawnClient(first + i, async (ck) => {
        const lock = t.makeLock(ck, name);
        await lock.acquire();
        enter(t, section, first + i, how);
        await ck.env.sleep(HOLD_MS);
        section.inside--;
        await lock.release();
      }),
    ),
  );
}

/**
 * A release by a client that does not hold the lock does nothing: on a lock nobody has taken yet,
 * and on a lock another client holds, whose holder keeps it (no one else gets in until it leaves).
 */
async function releaseByNonHolder(t: KvWorld, tester: LabEnv): Promise<void> {
  const name = randomId(tester, 12);
  const section: Section = { inside: 0 };
  const holder = t.makeLock(t.makeClerk(), name);
  const other = t.makeLock(t.makeClerk(), name);
  const notHeld = "a release by a client that does not hold the lock must return and do nothing";
  await within(t, tester, other.release(), STEP_MS, `1: release of a lock nobody holds did not return within ${STEP_MS / 1000}s: ${notHeld}`);
  await within(t, tester, holder.acquire(), STEP_MS, `0: acquire of a free lock did not return within ${STEP_MS / 1000}s (after client 1 released it without holding it)`);
  enter(t, section, 0, "");
  await within(t, tester, other.release(), STEP_MS, `1: release of a lock that client 0 holds did not return within ${STEP_MS / 1000}s: ${notHeld}`);
  const waiting = contenders(t, section, name, 2, 2, "client 1, which never held the lock, had called release while client 0 held it");
  await tester.sleep(HOLD_MS);
  section.inside--;
  await holder.release();
  await waiting;
}

/** Locks of different names are independent: two clients hold one each, at the same time. */
async function independentNames(t: KvWorld, tester: LabEnv): Promise<void> {
  const [first, second] = [randomId(tester, 12), randomId(tester, 12)];
  const a = t.makeLock(t.makeClerk(), first);
  const b = t.makeLock(t.makeClerk(), second);
  await a.acquire();
  await within(
    t,
    tester,
    b.acquire(),
    STEP_MS,
    `1: could not acquire lock "${second}" within ${STEP_MS / 1000}s while client 0 held only lock "${first}": locks of different names must be independent`,
  );
  await a.release();
  await b.release();
}

/**
 * The clerk a lock is built on, with the reply of the first put it sends while `armed()` lost
 * after the server applied it, and the resend held back long enough for another client to take
 * the lock meanwhile: the put returns ErrMaybe although it applied. The lock still gets the
 * student's own clerk (see observed), only its put watched.
 */
function losingFirstPut(t: KvWorld, clerk: Clerk, end: End, armed: () => boolean): Clerk {
  let spent = false;
  return observed(clerk, {
    put: (key, value, version) => {
      if (armed() && !spent) {
        spent = true;
        // The clerk's next RPCs on its end are this put and its resend (a clerk serves one call at a time).
        simulated(t).net.decide(`${end.name}#${end.seq + 1}`, { dropReply: true });
        simulated(t).net.decide(`${end.name}#${end.seq + 2}`, { delayMs: HOLD_MS / 2 });
      }
      return clerk.put(key, value, version);
    },
  });
}

/**
 * A release whose put applied but whose reply was lost gets ErrMaybe, and by the time it knows,
 * another client may hold the lock. The release must find out by reading whether it released
 * (the key no longer holds its id), and must not free a lock that is someone else's now.
 */
async function releasePutLost(t: KvWorld, tester: LabEnv): Promise<void> {
  const name = randomId(tester, 12);
  const section: Section = { inside: 0 };
  const ck = simulated(t).makeClerk();
  let releasing = false;
  const holder = t.makeLock({ ...ck, clerk: losingFirstPut(t, ck.clerk, ck.end, () => releasing) }, name);
  await holder.acquire();
  enter(t, section, 0, "");
  const waiting = contenders(t, section, name, 1, 3, "client 0's release met ErrMaybe after its put had freed the lock, and another client had taken it since");
  await tester.sleep(HOLD_MS);
  section.inside--;
  releasing = true;
  await within(
    t,
    tester,
    holder.release(),
    4 * HOLD_MS + STEP_MS,
    `0: release did not return within ${(4 * HOLD_MS + STEP_MS) / 1000}s after its put met ErrMaybe (the put had applied: the lock was free, then another client's)`,
  );
  await waiting;
}

/** A lock suite test (the lock suite's own tests and these): it needs createLock. */
export const lockTest = (name: string, title: string, reliable: boolean, body: KvTestDefinition["body"], needsSimulation = false): KvTestDefinition => ({
  suite: "lock",
  name,
  title,
  reliable,
  needsLock: true,
  ...(needsSimulation ? { needsSimulation: SIMULATION_ONLY } : {}),
  body,
});

/** What the lock must do beyond mutual exclusion among well-behaved holders. */
export const lockRules: KvTestDefinition[] = [
  lockTest("TestReleaseNotHolder", "Test: release by a client that does not hold the lock", true, releaseByNonHolder),
  lockTest("TestIndependentNames", "Test: locks of different names are independent", true, independentNames),
  lockTest("TestReleasePutLost", "Test: a release whose put's reply is lost", true, releasePutLost, true),
];
