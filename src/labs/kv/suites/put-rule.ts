import type { Err } from "../contract.js";
import { describeCall, describeGetReply, quote } from "../quote.js";
import { HOSTILE_KEYS } from "../keys.js";
import type { KvWorld, WorldClerk } from "../world.js";

/** One step of a walk: a get, or a put whose version is chosen relative to the key's state. */
type Step = "get" | "put0" | "putBelow" | "putAt" | "putAbove" | "putEmpty";

const STEPS: readonly Step[] = ["get", "put0", "putBelow", "putAt", "putAbove", "putEmpty"];

/** Steps as failure messages name them: v is the key's version (missing: see putRule). */
const STEP_NAMES: Record<Step, string> = { get: "get", put0: "put v0", putBelow: "put v-1", putAt: "put v", putAbove: "put v+1", putEmpty: "put empty" };

/** What the key holds, as the contract says it must: nothing, or a value at a version. */
type KeyState = { value: string; version: number } | undefined;

/**
 * A put step's arguments and the answer and state the contract requires. On a missing key, a
 * version above 0 (1 for "at", 2 for "below", 7 for "above") is ErrNoKey; on an existing key,
 * any version but the current one is ErrVersion and leaves it as it was.
 */
function putRule(step: Exclude<Step, "get">, state: KeyState, value: string): { version: number; value: string; err: Err; after: KeyState } {
  const create = (v: string) => ({ version: 0, value: v, err: "OK" as const, after: { value: v, version: 1 } });
  const mismatch = (version: number) => ({ version, value, err: state ? ("ErrVersion" as const) : ("ErrNoKey" as const), after: state });
  switch (step) {
    case "put0":
      return state ? mismatch(0) : create(value);
    case "putEmpty":
      return state ? { version: state.version, value: "", err: "OK", after: { value: "", version: state.version + 1 } } : create("");
    case "putAt":
      return state ? { version: state.version, value, err: "OK", after: { value, version: state.version + 1 } } : mismatch(1);
    case "putBelow":
      return mismatch(state ? state.version - 1 : 2);
    case "putAbove":
      return mismatch(state ? state.version + 1 : 7);
  }
}

/** Walks keys through steps, checking every answer and, after each step, the key's state. */
class Walker {
  private readonly states = new Map<string, KeyState>();
  private values = 0;

  constructor(
    private readonly t: KvWorld,
    private readonly ck: WorldClerk,
  ) {}

  async walk(key: string, steps: readonly Step[]): Promise<void> {
    for (let i = 0; i < steps.length; i++) {
      const where = `${steps.slice(0, i + 1).map((done) => STEP_NAMES[done]).join(" → ")} on key ${quote(key)}`;
      const step = steps[i]!;
      if (step === "get") await this.expectState(key, `at ${where}`);
      else {
        const state = this.states.get(key);
        const rule = putRule(step, state, `v${++this.values}`);
        const err = await this.ck.clerk.put(key, rule.value, rule.version);
        if (err !== rule.err) {
          this.t.fatal(`${describeCall({ op: "put", key, value: rule.value, version: rule.version })} = ${err}; expected ${rule.err}, the key being ${describe(state)} (at ${where})`);
        }
        this.states.set(key, rule.after);
        await this.expectState(key, `after ${where}`);
      }
    }
  }

  /** Every key walked so far must still hold what its own steps left in it. */
  async expectAll(): Promise<void> {
    for (const key of this.states.keys()) await this.expectState(key, "once every key was walked");
  }

  private async expectState(key: string, where: string): Promise<void> {
    const state = this.states.get(key);
    const got = await this.ck.clerk.get(key);
    const fits = state ? got.err === "OK" && got.value === state.value && got.version === state.version : got.err === "ErrNoKey";
    if (!fits) {
      const said = got.err === "OK" ? describeGetReply(got) : got.err;
      this.t.fatal(`${describeCall({ op: "get", key })} = ${said}; expected ${state ? describeGetReply({ ...state, err: "OK" }) : "ErrNoKey"} (${where})`);
    }
  }
}

function describe(state: KeyState): string {
  return state ? `at version ${state.version}` : "missing";
}

/** A walk that takes every branch from a missing key and from keys at versions 1, 2 and 3. */
const FULL_WALK: readonly Step[] = ["get", "putAt", "putAbove", "putBelow", "putEmpty", "get", "put0", "putAbove", "putBelow", "putAt", "putBelow", "put0", "putEmpty", "get"];

/** Every ordered triple of steps: each pair of branches in both orders, from a missing or present key. */
function triples(): Step[][] {
  return STEPS.flatMap((a) => STEPS.flatMap((b) => STEPS.map((c) => [a, b, c])));
}

/**
 * Every branch of put and get, in every order. Each hostile key (see HOSTILE_KEYS) takes the full
 * walk in turn, so a store that confuses two keys, or holds some names before any put, fails;
 * then every triple of steps runs on a fresh key, and last every key must still hold what its
 * own steps left (a put to one key changes no other key's value or version).
 */
export async function putRuleWalk(t: KvWorld): Promise<void> {
  const walker = new Walker(t, t.makeClerk());
  for (const key of HOSTILE_KEYS) await walker.walk(key, FULL_WALK);
  const orders = triples();
  for (let i = 0; i < orders.length; i++) await walker.walk(`walk-${i}`, orders[i]!);
  await walker.expectAll();
}
