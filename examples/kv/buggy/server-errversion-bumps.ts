// Bug: a put that fails with ErrVersion still bumps the key's version ("every write attempt is
// a new version"), so a failed put changes state.
import type { PutArgs, PutReply } from "kvlab";
import correct, { Server } from "../my-kv.js";

class BumpingServer extends Server {
  override put(args: PutArgs): PutReply {
    const reply = super.put(args);
    const current = this.get({ key: args.key });
    if (reply.err === "ErrVersion") super.put({ key: args.key, value: current.value, version: current.version });
    return reply;
  }
}

export default { ...correct, name: "server-errversion-bumps", createServer: () => new BumpingServer() } satisfies typeof correct;
