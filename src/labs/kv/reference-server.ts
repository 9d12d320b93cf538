import type { GetArgs, GetReply, KVService, PutArgs, PutReply } from "./contract.js";

/** A KV table: each key's value and version (a missing key has none). */
export type KVTable = Map<string, { value: string; version: number }>;

/** The KV lab's get on a table: the key's value and version, or ErrNoKey. */
export function applyGet(table: KVTable, { key }: GetArgs): GetReply {
  const entry = table.get(key);
  return entry ? { value: entry.value, version: entry.version, err: "OK" } : { value: "", version: 0, err: "ErrNoKey" };
}

/**
 * The KV lab's put on a table: version 0 creates a missing key at version 1; a missing key with any
 * other version is ErrNoKey; a version that does not match is ErrVersion; a match installs the value
 * and bumps the version. The replicated KV lab applies the same rules, at apply time.
 */
export function applyPut(table: KVTable, { key, value, version }: PutArgs): PutReply {
  const entry = table.get(key);
  if (!entry) {
    if (version !== 0) return { err: "ErrNoKey" };
    table.set(key, { value, version: 1 });
    return { err: "OK" };
  }
  if (entry.version !== version) return { err: "ErrVersion" };
  entry.value = value;
  entry.version++;
  return { err: "OK" };
}

/**
 * The reference server: one map from key to (value, version), and nothing per client, so its
 * memory does not grow with the number of clerks.
 */
export class ReferenceServer implements KVService {
  private readonly data: KVTable = new Map();

  get(args: GetArgs): GetReply {
    return applyGet(this.data, args);
  }

  put(args: PutArgs): PutReply {
    return applyPut(this.data, args);
  }
}
