// Bug: the server logs the version of every put it applies (say, for statistics nobody reads),
// so it keeps a number per put: only 8 bytes each, yet it grows with every client.
import type { PutArgs, PutReply } from "kvlab";
import correct, { Server } from "../my-kv.js";

class LoggingServer extends Server {
  private readonly applied: number[] = [];

  override put(args: PutArgs): PutReply {
    const reply = super.put(args);
    if (reply.err === "OK") this.applied.push(args.version + 1);
    return reply;
  }
}

export default { ...correct, name: "server-logs-versions", createServer: () => new LoggingServer() } satisfies typeof correct;
