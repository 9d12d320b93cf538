// Bug: the clerk caches what each get returned and answers the next get of that key from the
// cache until it puts to the key itself; another client's puts stay invisible.
import type { Err, GetReply } from "kvlab";
import correct, { MyClerk } from "../my-kv.js";

class CachingClerk extends MyClerk {
  private readonly cache = new Map<string, GetReply>();

  override async get(key: string): Promise<GetReply> {
    const cached = this.cache.get(key);
    if (cached) return cached;
    const reply = await super.get(key);
    this.cache.set(key, reply);
    return reply;
  }

  override put(key: string, value: string, version: number): Promise<Err> {
    this.cache.delete(key);
    return super.put(key, value, version);
  }
}

export default { ...correct, name: "clerk-get-cache", createClerk: (end, env) => new CachingClerk(end, env) } satisfies typeof correct;
