// Bug: the server's get leaves the version out of its reply ("the clerk only wants the value"),
// so every existing key reads as version 0.
import type { GetArgs, GetReply } from "kvlab";
import correct, { Server } from "../my-kv.js";

class VersionlessServer extends Server {
  override get(args: GetArgs): GetReply {
    return { ...super.get(args), version: 0 };
  }
}

export default { ...correct, name: "server-get-version-zero", createServer: () => new VersionlessServer() } satisfies typeof correct;
