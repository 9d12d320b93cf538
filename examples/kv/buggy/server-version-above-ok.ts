// Bug: the server rejects only versions behind the current one (`version < current`), so a put
// that names a version ahead of the key's is installed as if it were current.
import type { PutArgs, PutReply } from "kvlab";
import correct, { Server } from "../my-kv.js";

class ForgivingServer extends Server {
  override put(args: PutArgs): PutReply {
    const current = this.get({ key: args.key });
    if (current.err === "OK" && args.version > current.version) return super.put({ ...args, version: current.version });
    return super.put(args);
  }
}

export default { ...correct, name: "server-version-above-ok", createServer: () => new ForgivingServer() } satisfies typeof correct;
