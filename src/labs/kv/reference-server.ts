import type { GetArgs, GetReply, KVService, PutArgs, PutReply } from "./contract.js";

/**
 * The reference server: one map from key to (value, version), and nothing per client, so its
 * memory does not grow with the number of clerks.
 */
export class ReferenceServer implements KVService {
  private readonly data = new Map<string, { value: string; version: number }>();

  get({ key }: GetArgs): GetReply {
    const entry = this.data.get(key);
    return entry ? { value: entry.value, version: entry.version, err: "OK" } : { value: "", version: 0, err: "ErrNoKey" };
  }

  put({ key, value, version }: PutArgs): PutReply {
    const entry = this.data.get(key);
    if (!entry) {
      if (version !== 0) return { err: "ErrNoKey" };
      this.data.set(key, { value, version: 1 });
      return { err: "OK" };
    }
    if (entry.version !== version) return { err: "ErrVersion" };
    entry.value = value;
    entry.version++;
    return { err: "OK" };
  }
}
