// Bug: the clerk tags each put with a client id and a sequence number, and the server keeps each
// client's last answer in a module-level table to answer a resent put from it (the at-most-once
// table of a protocol without versions, which this one does not need). One entry per client that
// ever wrote, held where no property of the server object leads.
import type { ClientEnd, Err, LabEnv, PutArgs, PutReply } from "kvlab";
import correct, { MyClerk, Server } from "../my-kv.js";

interface TaggedPut extends PutArgs {
  client: string;
  seq: number;
}

const lastAnswer = new Map<string, { seq: number; reply: PutReply }>();

class TaggingClerk extends MyClerk {
  private readonly id: string;
  private seq = 0;

  constructor(end: ClientEnd, env: LabEnv) {
    super(end, env);
    this.id = Math.floor(env.random() * 2 ** 53).toString(36);
  }

  override async put(key: string, value: string, version: number): Promise<Err> {
    const args: TaggedPut = { key, value, version, client: this.id, seq: ++this.seq };
    for (let resent = false; ; resent = true) {
      const reply = await this.end.call<TaggedPut, PutReply>("put", args);
      if (reply) return reply.err === "ErrVersion" && resent ? "ErrMaybe" : reply.err;
      await this.env.sleep(100);
    }
  }
}

function createServer() {
  const server = new Server();
  return {
    get: server.get.bind(server),
    put(args: TaggedPut): PutReply {
      const last = lastAnswer.get(args.client);
      if (last?.seq === args.seq) return last.reply;
      const reply = server.put(args);
      lastAnswer.set(args.client, { seq: args.seq, reply });
      return reply;
    },
  };
}

export default {
  ...correct,
  name: "server-dedup-table-in-closure",
  createServer,
  createClerk: (end: ClientEnd, env: LabEnv) => new TaggingClerk(end, env),
} satisfies typeof correct;
