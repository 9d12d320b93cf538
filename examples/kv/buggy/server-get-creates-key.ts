// Bug: a get of a missing key stores an empty entry at version 0 ("so the next get finds it"),
// so the key exists from then on: a second get says OK, and a put at version 1 says ErrVersion
// where it should say ErrNoKey.
import type { GetArgs, GetReply, PutArgs, PutReply } from "kvlab";
import correct, { Server } from "../my-kv.js";

class DefaultingServer extends Server {
  private readonly placeholders = new Set<string>();

  override get(args: GetArgs): GetReply {
    const reply = super.get(args);
    if (reply.err === "OK" || !this.placeholders.has(args.key)) {
      this.placeholders.add(args.key);
      return reply;
    }
    return { value: "", version: 0, err: "OK" };
  }

  override put(args: PutArgs): PutReply {
    const exists = super.get(args).err === "OK";
    if (!exists && this.placeholders.has(args.key) && args.version !== 0) return { err: "ErrVersion" };
    return super.put(args);
  }
}

export default { ...correct, name: "server-get-creates-key", createServer: () => new DefaultingServer() } satisfies typeof correct;
