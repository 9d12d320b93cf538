import type { LabEnv, MessageDecision } from "../../../../labnet/index.js";
import { checkGet, checkPut, expectGet, expectPut } from "./kvtest.js";
import { describeCall } from "../quote.js";
import { SERVER, simulated, type SimulatedClerk, type SimulatedKvWorld } from "../sim-world.js";
import type { KvWorld } from "../world.js";

/**
 * How long a clerk is cut off: 45 virtual seconds, past the retry horizons clerks commonly give
 * themselves (tens of tries at 100 ms, a few seconds, backoff capped near a second). A clerk that
 * gives up later than that still passes here; only one that resends until answered is sure to.
 */
export const CUT_MS = 45_000;

/** How many messages in a row a burst loses. */
export const BURST = 10;

/** How late a delayed message arrives: past a clerk's own resend timer, if it has one. */
const LATE_MS = 250;

/** Runs `call` while the clerk is cut off from the server (both ways, or only replies), then heals. */
async function whileCutOff<R>(t: SimulatedKvWorld, tester: LabEnv, ck: SimulatedClerk, repliesOnly: boolean, call: () => Promise<R>): Promise<R> {
  if (repliesOnly) t.net.partition([SERVER], [ck.end.name], { oneWay: true });
  else t.net.partition([ck.end.name], [SERVER]);
  const answer = call();
  // A check inside `call` may fail while the tester sleeps, after the clerk's judge has already
  // ended the run: nobody then awaits `answer`, and its rejection, left unhandled, would end kvlab
  // as an internal error instead of failing the run. Awaited below, it still fails the test.
  answer.catch(() => undefined);
  await tester.sleep(CUT_MS);
  t.net.heal();
  return answer;
}

/**
 * A put during a long cut: cut off both ways, nothing reaches the server, and once healed the put
 * applies (OK); with only the replies cut, the first try applies unheard and every resend meets
 * ErrVersion, so the answer is ErrMaybe. Either way the value is then there, once.
 */
async function partitionedPut(world: KvWorld, tester: LabEnv): Promise<void> {
  const t = simulated(world);
  const ck = t.makeClerk();
  const err = await whileCutOff(t, tester, ck, false, () => ck.clerk.put("__proto__", "first", 0));
  checkPut(t, "__proto__", "first", 0, err, "OK", `after a ${CUT_MS / 1000}s partition`);
  await expectGet(t, ck, "__proto__", "first", 1, "after the partition");
  const maybe = await whileCutOff(t, tester, ck, true, () => ck.clerk.put("__proto__", "second", 1));
  checkPut(t, "__proto__", "second", 1, maybe, "ErrMaybe", `after ${CUT_MS / 1000}s of lost replies`);
  await expectGet(t, ck, "__proto__", "second", 2, "after the lost replies");
}

/**
 * A get during a long cut: while clerk 1 is cut off, clerk 2 changes the key, and clerk 1's get
 * must return the new value once healed (not a cached or made-up one); then the same with only
 * the replies cut.
 */
async function partitionedGet(world: KvWorld, tester: LabEnv): Promise<void> {
  const t = simulated(world);
  const ck = t.makeClerk();
  const other = t.makeClerk();
  await expectPut(t, ck, "constructor", "old", 0, "OK", "before the partition");
  await expectGet(t, ck, "constructor", "old", 1, "before the partition");
  for (const [repliesOnly, value, version] of [[false, "new", 1], [true, "newer", 2]] as const) {
    const got = await whileCutOff(t, tester, ck, repliesOnly, async () => {
      const get = ck.clerk.get("constructor");
      await expectPut(t, other, "constructor", value, version, "OK", "from another clerk");
      return get;
    });
    const when = repliesOnly ? `after ${CUT_MS / 1000}s of lost replies` : `after a ${CUT_MS / 1000}s partition`;
    checkGet(t, "constructor", got, value, version + 1, when);
  }
}

/** Fixes the fate of the next `count` messages the clerk sends. */
function decideNext(t: SimulatedKvWorld, ck: SimulatedClerk, count: number, decision: MessageDecision): void {
  for (let seq = ck.end.seq + 1; seq <= ck.end.seq + count; seq++) t.net.decide(`${ck.end.name}#${seq}`, decision);
}

/**
 * Each call's first request, or its first reply, arrives late: past the resend of a clerk that
 * resends on a timer, so replies to old tries land while later tries, or later calls, wait. A put
 * may answer OK or (resent, meeting ErrVersion) ErrMaybe, as its replies allow; either way it
 * applied exactly once, which the next get shows.
 */
async function delayedReplies(world: KvWorld): Promise<void> {
  const t = simulated(world);
  const ck = t.makeClerk();
  const key = "toString";
  for (let version = 0; version < 12; version++) {
    const late: MessageDecision = version % 2 === 0 ? { replyDelayMs: LATE_MS } : { delayMs: LATE_MS };
    const value = `value-${version}`;
    decideNext(t, ck, 1, late);
    const err = await ck.clerk.put(key, value, version);
    if (err !== "OK" && err !== "ErrMaybe") t.fatal(`${describeCall({ op: "put", key, value, version })} = ${err} with a late first ${version % 2 === 0 ? "reply" : "request"}; expected OK or ErrMaybe`);
    decideNext(t, ck, 1, late);
    await expectGet(t, ck, key, value, version + 1, `with a late first ${version % 2 === 0 ? "reply" : "request"}`);
  }
}

/**
 * Bursts of losses: ten requests in a row lost (the put then applies, OK), ten replies in a row
 * lost (the first try applies, so ErrMaybe), and the same for a get.
 */
async function lossBurst(world: KvWorld): Promise<void> {
  const t = simulated(world);
  const ck = t.makeClerk();
  const key = "hasOwnProperty";
  decideNext(t, ck, BURST, { dropRequest: true });
  await expectPut(t, ck, key, "a", 0, "OK", `after ${BURST} lost requests`);
  decideNext(t, ck, BURST, { dropReply: true });
  await expectPut(t, ck, key, "b", 1, "ErrMaybe", `after ${BURST} lost replies`);
  decideNext(t, ck, BURST, { dropRequest: true });
  await expectGet(t, ck, key, "b", 2, `after ${BURST} lost requests`);
  decideNext(t, ck, BURST, { dropReply: true });
  await expectGet(t, ck, key, "b", 2, `after ${BURST} lost replies`);
}

export const adversarialBodies = { partitionedPut, partitionedGet, delayedReplies, lossBurst };
