// Bug: one version counter for the whole store instead of one per key, so a put to one key
// moves every other key's version too.
import type { GetArgs, GetReply, KVService, PutArgs, PutReply } from "kvlab";
import correct from "../my-kv.js";

class OneCounterServer implements KVService {
  private readonly values = new Map<string, string>();
  private version = 0;

  get({ key }: GetArgs): GetReply {
    const value = this.values.get(key);
    return value === undefined ? { value: "", version: 0, err: "ErrNoKey" } : { value, version: this.version, err: "OK" };
  }

  put({ key, value, version }: PutArgs): PutReply {
    const exists = this.values.has(key);
    if (!exists && version !== 0) return { err: "ErrNoKey" };
    if (exists && version !== this.version) return { err: "ErrVersion" };
    this.values.set(key, value);
    this.version++;
    return { err: "OK" };
  }
}

export default { ...correct, name: "server-shared-version-counter", createServer: () => new OneCounterServer() } satisfies typeof correct;
