import { check, kvModel, kvStrictModel } from "../../../check/index.js";
import type { Err, GetReply } from "../contract.js";
import { describeCall, describeGetReply } from "../quote.js";
import type { KvWorld, WorldClerk } from "../world.js";
import { LINEARIZABILITY_STEPS } from "../../../harness/index.js";

/** What one racing client did: puts that returned OK, and puts that returned ErrMaybe. */
export interface ClntRes {
  nok: number;
  nmaybe: number;
}

/** The value a racing client writes: who wrote it, over which version. */
interface EntryV {
  Id: number;
  V: number;
}

/** Asserts a put's answer: `Put("k", "v", 0) = ErrVersion after …; expected OK` otherwise. */
export async function expectPut(t: KvWorld, ck: WorldClerk, key: string, value: string, version: number, expected: Err, when = ""): Promise<void> {
  checkPut(t, key, value, version, await ck.clerk.put(key, value, version), expected, when);
}

/** Asserts the answer `err` a put already gave, as expectPut does (for a put made some other way). */
export function checkPut(t: KvWorld, key: string, value: string, version: number, err: Err, expected: Err, when = ""): void {
  if (err !== expected) t.fatal(`${describeCall({ op: "put", key, value, version })} = ${err}${when && ` ${when}`}; expected ${expected}`);
}

/** Asserts a get's (value, version, OK): `Get("k") = ("", 1, OK) after …; expected ("v", 2, OK)` otherwise. */
export async function expectGet(t: KvWorld, ck: WorldClerk, key: string, value: string, version: number, when = ""): Promise<void> {
  checkGet(t, key, await ck.clerk.get(key), value, version, when);
}

/** Asserts the reply `got` a get already gave, as expectGet does (for a get made some other way). */
export function checkGet(t: KvWorld, key: string, got: GetReply, value: string, version: number, when = ""): void {
  if (got.err !== "OK" || got.value !== value || got.version !== version) {
    t.fatal(`${describeCall({ op: "get", key })} = ${describeGetReply(got)}${when && ` ${when}`}; expected ${describeGetReply({ value, version, err: "OK" })}`);
  }
}

/** A get, recorded in the history and counted as an operation. */
export async function recordedGet(t: KvWorld, ck: WorldClerk, key: string, me: number): Promise<GetReply> {
  const reply = await t.history.record(
    me,
    { op: "get", key },
    async () => {
      const { value, version, err } = await ck.clerk.get(key);
      return { value, version, err };
    },
    ck.end.name,
  );
  t.countOperation();
  return reply as GetReply;
}

/** A put, recorded in the history and counted as an operation. */
export async function recordedPut(t: KvWorld, ck: WorldClerk, key: string, value: string, version: number, me: number): Promise<Err> {
  const reply = await t.history.record(me, { op: "put", key, value, version }, async () => ({ err: await ck.clerk.put(key, value, version) }), ck.end.name);
  t.countOperation();
  return reply.err;
}

/** A recorded get whose value must parse as JSON; returns the value and version. */
export async function getJson<T>(t: KvWorld, ck: WorldClerk, key: string, me: number): Promise<{ value: T; version: number }> {
  const reply = await recordedGet(t, ck, key, me);
  if (reply.err !== "OK") t.fatal(`${me}: Get ${JSON.stringify(key)} err ${reply.err}`);
  try {
    return { value: JSON.parse(reply.value) as T, version: reply.version };
  } catch {
    return t.fatal(`Unmarshal err ${reply.version}`);
  }
}

/** A recorded put of `value` as JSON. */
export function putJson(t: KvWorld, ck: WorldClerk, key: string, value: unknown, version: number, me: number): Promise<Err> {
  return recordedPut(t, ck, key, JSON.stringify(value), version, me);
}

/**
 * Puts until one put lands as OK or ErrMaybe, reading back after each try. An OK put observed at
 * ver+1 must hold exactly this client's entry (the lab checks Id *and* V loosely; both must match).
 */
export async function onePut(t: KvWorld, me: number, ck: WorldClerk, key: string, version: number): Promise<[number, boolean]> {
  let ver = version;
  for (;;) {
    const err = await putJson(t, ck, key, { Id: me, V: ver } satisfies EntryV, ver, me);
    if (!(err === "OK" || err === "ErrVersion" || err === "ErrMaybe")) t.fatal(`Wrong error ${err}`);
    if (err === "ErrMaybe" && t.reliable) t.fatal(`${me}: Put returned ErrMaybe on a reliable network`);
    const { value: entry, version: ver0 } = await getJson<EntryV>(t, ck, key, me);
    if (err === "OK" && ver0 === ver + 1 && (entry.Id !== me || entry.V !== ver)) t.fatal(`Wrong value ${JSON.stringify(entry)}`);
    ver = ver0;
    if (err === "OK" || err === "ErrMaybe") return [ver, err === "OK"];
  }
}

/** A racing client: one put after another on `key` until done. */
export async function oneClientPut(t: KvWorld, me: number, ck: WorldClerk, key: string, done: () => boolean): Promise<ClntRes> {
  const res: ClntRes = { nok: 0, nmaybe: 0 };
  let ver = 0;
  while (!done()) {
    const [next, ok] = await onePut(t, me, ck, key, ver);
    ver = next;
    if (ok) res.nok++;
    else res.nmaybe++;
  }
  return res;
}

/** The key's final version must equal the OK puts (reliable), or be at most OK + ErrMaybe puts. */
export async function checkPutConcurrent(t: KvWorld, ck: WorldClerk, key: string, results: ClntRes[]): Promise<void> {
  const { version } = await getJson<EntryV>(t, ck, key, -1);
  const nok = results.reduce((sum, r) => sum + r.nok, 0);
  const nmaybe = results.reduce((sum, r) => sum + r.nmaybe, 0);
  const clients = `{${nok} ${nmaybe}}`;
  if (t.reliable && version !== nok) t.fatal(`Reliable: Wrong number of puts: server ${version} clnts ${clients}`);
  if (!t.reliable && version > nok + nmaybe) t.fatal(`Unreliable: Wrong number of puts: server ${version} clnts ${clients}`);
}

/**
 * Checks the recorded history for linearizability. The strict model (which also checks each get's
 * version and ErrNoKey) accepts a subset of what the lab's KV model accepts, so it runs first and a
 * pass settles both; on a violation the lab's model says which failure text applies. Illegal fails
 * the test; unknown (the step budget ran out) passes with the lab's info line.
 */
export function checkLinearizable(t: KvWorld): void {
  const steps = t.options.checkSteps ?? LINEARIZABILITY_STEPS;
  const strict = check(t.history.operations, kvStrictModel, { steps });
  if (strict.verdict === "ok") return;
  const lab = strict.verdict === "illegal" ? check(t.history.operations, kvModel, { steps }) : strict;
  if (lab.verdict === "illegal") t.fatal("history is not linearizable", { kind: "linearizability" });
  if (strict.verdict === "illegal" && lab.verdict === "ok") {
    t.fatal("history is not linearizable: a get returned a version or error the store never had", { kind: "linearizability" });
  }
  t.notes.checkOutOfBudget();
}
