// Bug: the server keeps every value a key ever had (say, for an undo feature nobody asked for),
// so its memory grows with every put.
import type { PutArgs, PutReply } from "kvlab";
import correct, { Server } from "../my-kv.js";

class HoardingServer extends Server {
  private readonly history: string[] = [];

  override put(args: PutArgs): PutReply {
    const reply = super.put(args);
    if (reply.err === "OK") this.history.push(args.value);
    return reply;
  }
}

export default { ...correct, name: "server-keeps-old-values", createServer: () => new HoardingServer() } satisfies typeof correct;
