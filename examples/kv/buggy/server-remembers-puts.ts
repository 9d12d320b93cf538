// Bug: the server remembers every put it has answered (a duplicate table the versioned protocol
// does not need), so its memory grows with every client that writes.
import type { PutArgs, PutReply } from "kvlab";
import correct, { Server } from "../my-kv.js";

class DuplicateTableServer extends Server {
  private readonly answered = new Map<string, PutReply>();

  override put(args: PutArgs): PutReply {
    const request = `${args.key}@${args.version}=${args.value}`;
    const reply = this.answered.get(request) ?? super.put(args);
    this.answered.set(request, reply);
    return reply;
  }
}

export default { ...correct, name: "server-remembers-puts", createServer: () => new DuplicateTableServer() } satisfies typeof correct;
