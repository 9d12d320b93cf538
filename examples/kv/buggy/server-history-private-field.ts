// Bug: the server logs every put it applies in a private class field (#history), for a debugging
// aid left in. A private field is no property anyone can list, but it keeps every put alive.
import type { PutArgs, PutReply } from "kvlab";
import correct, { Server } from "../my-kv.js";

class LoggingServer extends Server {
  readonly #history: PutArgs[] = [];

  override put(args: PutArgs): PutReply {
    const reply = super.put(args);
    if (reply.err === "OK") this.#history.push(args);
    return reply;
  }
}

export default { ...correct, name: "server-history-private-field", createServer: () => new LoggingServer() } satisfies typeof correct;
