// Bug: the server installs every put, whatever version it names.
import type { PutArgs, PutReply } from "kvlab";
import correct, { Server } from "../my-kv.js";

class UnversionedServer extends Server {
  override put({ key, value }: PutArgs): PutReply {
    const current = this.get({ key });
    return super.put({ key, value, version: current.err === "OK" ? current.version : 0 });
  }
}

export default { ...correct, name: "server-ignores-version", createServer: () => new UnversionedServer() } satisfies typeof correct;
