// Bug: the clerk remembers the version each get returned and sends that with a later put of the
// key ("it is the freshest version we know"), not the version its caller asked for.
import type { Err, GetReply } from "kvlab";
import correct, { MyClerk } from "../my-kv.js";

class VersionCachingClerk extends MyClerk {
  private readonly versions = new Map<string, number>();

  override async get(key: string): Promise<GetReply> {
    const reply = await super.get(key);
    if (reply.err === "OK") this.versions.set(key, reply.version);
    return reply;
  }

  override put(key: string, value: string, version: number): Promise<Err> {
    return super.put(key, value, this.versions.get(key) ?? version);
  }
}

export default { ...correct, name: "clerk-caches-versions", createClerk: (end, env) => new VersionCachingClerk(end, env) } satisfies typeof correct;
