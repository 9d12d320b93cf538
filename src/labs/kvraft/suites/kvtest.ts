import type { KvRaftClerk, KvRaftWorld } from "../world/index.js";

/** What one racing client did: puts that returned OK, and puts that returned ErrMaybe (the course's ClntRes). */
export interface ClntRes {
  nok: number;
  nmaybe: number;
}

/** The value a racing client writes: who wrote it, over which version (the course's EntryV). */
interface EntryV {
  Id: number;
  V: number;
}

/** The course's MakeKeys(n): "k0".."k{n-1}". */
export function makeKeys(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `k${i}`);
}

/**
 * The course's PutAtLeastOnce: recorded puts of `value` until one returns OK, moving to the next
 * version after each ErrMaybe or ErrVersion; another error fails unless the version is 0. Returns
 * the version after the OK put.
 */
export async function putAtLeastOnce(t: KvRaftWorld, ck: KvRaftClerk, key: string, value: string, version: number, me: number): Promise<number> {
  let ver = version;
  for (;;) {
    const err = await t.put(ck, key, value, ver, me);
    if (err === "OK") return ver + 1;
    if (err === "ErrMaybe" || err === "ErrVersion") ver++;
    else if (ver !== 0) t.fatal(`Put ${key} ver ${ver} err ${err}`);
  }
}

/** The course's CheckGet: a recorded get (client 0) that must return (value, version, OK). */
export async function checkGet(t: KvRaftWorld, ck: KvRaftClerk, key: string, value: string, version: number): Promise<void> {
  const got = await t.get(ck, key, 0);
  if (got.err !== "OK") t.fatal(`Get(${key}) returns error = ${got.err}`);
  if (got.value !== value || got.version !== version) t.fatal(`Get(${key}) returns (${got.value}, ${got.version}) != (${value}, ${version})`);
}

/** The course's GetJson: a recorded get whose value must parse as JSON; returns the version. */
export async function getJson(t: KvRaftWorld, ck: KvRaftClerk, key: string, me: number): Promise<{ value: unknown; version: number }> {
  const reply = await t.get(ck, key, me);
  if (reply.err !== "OK") t.fatal(`${me}: Get ${JSON.stringify(key)} err ${reply.err}`);
  try {
    return { value: JSON.parse(reply.value) as unknown, version: reply.version };
  } catch {
    return t.fatal(`Unmarshal err ${reply.version}`);
  }
}

/**
 * The course's OnePut: a recorded put of {Id: me, V: ver} at `ver`, then a recorded get; done on
 * OK or ErrMaybe (adopting the version read), again on ErrVersion. The own-value check is the
 * course's weak one (it fails only when both Id and V differ).
 */
export async function onePut(t: KvRaftWorld, me: number, ck: KvRaftClerk, key: string, version: number): Promise<[number, boolean]> {
  let ver = version;
  for (;;) {
    const err = await t.put(ck, key, JSON.stringify({ Id: me, V: ver } satisfies EntryV), ver, me);
    if (!(err === "OK" || err === "ErrVersion" || err === "ErrMaybe")) t.fatal(`Wrong error ${err}`);
    const { value, version: ver0 } = await getJson(t, ck, key, me);
    const entry = value as Partial<EntryV> | null;
    if (err === "OK" && ver0 === ver + 1 && entry?.Id !== me && entry?.V !== ver) t.fatal(`Wrong value ${JSON.stringify(entry)}`);
    ver = ver0;
    if (err === "OK" || err === "ErrMaybe") return [ver, err === "OK"];
  }
}

/** The course's OneClientPut: one put after another until done, on the first key, or a random one of `keys` with random keys. */
export async function oneClientPut(t: KvRaftWorld, cli: number, ck: KvRaftClerk, keys: readonly string[], randomkeys: boolean, done: () => boolean): Promise<ClntRes> {
  const res: ClntRes = { nok: 0, nmaybe: 0 };
  const versions = new Map<string, number>(keys.map((key) => [key, 0]));
  while (!done()) {
    const key = randomkeys ? keys[t.randInt(keys.length)]! : keys[0]!;
    const [ver, ok] = await onePut(t, cli, ck, key, versions.get(key)!);
    versions.set(key, ver);
    if (ok) res.nok++;
    else res.nmaybe++;
  }
  return res;
}

/**
 * The course's SpawnClientsAndWait: n clients, each with a fresh clerk, for `durationMs`; then each
 * finishes its current operation and stops, its clerk is deleted, and their results come back in order.
 */
export async function spawnClientsAndWait<R>(t: KvRaftWorld, n: number, durationMs: number, body: (cli: number, ck: KvRaftClerk, done: () => boolean) => Promise<R>): Promise<R[]> {
  let finished = false;
  const done = () => finished;
  const clients = Array.from({ length: n }, (_, cli) =>
    t.spawn(`client-${cli}`, async () => {
      const ck = t.makeClerk();
      const result = await body(cli, ck, done);
      t.deleteClerk(ck);
      return result;
    }),
  );
  await t.sleep(durationMs);
  finished = true;
  return Promise.all(clients);
}

/**
 * The course's CheckPutConcurrent: adds this round's results to `res`; the key's version must
 * equal the OK puts so far (reliable), or be at most OK + ErrMaybe.
 */
export async function checkPutConcurrent(t: KvRaftWorld, ck: KvRaftClerk, key: string, rs: readonly ClntRes[], res: ClntRes, reliable: boolean): Promise<void> {
  const { version } = await getJson(t, ck, key, -1);
  for (const r of rs) {
    res.nok += r.nok;
    res.nmaybe += r.nmaybe;
  }
  const clients = `{${res.nok} ${res.nmaybe}}`;
  if (reliable && version !== res.nok) t.fatal(`Reliable: Wrong number of puts: server ${version} clnts ${clients}`);
  if (!reliable && version > res.nok + res.nmaybe) t.fatal(`Unreliable: Wrong number of puts: server ${version} clnts ${clients}`);
}
