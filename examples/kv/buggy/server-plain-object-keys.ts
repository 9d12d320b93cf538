// Bug: the store is a plain object, `{}`, so keys such as "__proto__", "constructor" or
// "toString" find what every object inherits instead of the user's data.
import type { GetArgs, GetReply, KVService, PutArgs, PutReply } from "kvlab";
import correct from "../my-kv.js";

class PlainObjectServer implements KVService {
  private readonly data: Record<string, { value: string; version: number }> = {};

  get({ key }: GetArgs): GetReply {
    const entry = this.data[key];
    return entry ? { value: entry.value, version: entry.version, err: "OK" } : { value: "", version: 0, err: "ErrNoKey" };
  }

  put({ key, value, version }: PutArgs): PutReply {
    const entry = this.data[key];
    if (!entry) {
      if (version !== 0) return { err: "ErrNoKey" };
      this.data[key] = { value, version: 1 };
      return { err: "OK" };
    }
    if (entry.version !== version) return { err: "ErrVersion" };
    this.data[key] = { value, version: version + 1 };
    return { err: "OK" };
  }
}

export default { ...correct, name: "server-plain-object-keys", createServer: () => new PlainObjectServer() } satisfies typeof correct;
