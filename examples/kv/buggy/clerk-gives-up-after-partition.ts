// Bug: the clerk stops resending after 100 tries (10 s), plenty for lost messages, and then
// answers as if it knew: ErrMaybe for a put, ErrNoKey for a get. A server cut off for longer
// is still there, and the answer has no reply behind it.
import type { Err, GetArgs, GetReply, PutArgs, PutReply } from "kvlab";
import correct, { MyClerk } from "../my-kv.js";

const TRIES = 100;

class BoundedClerk extends MyClerk {
  override async get(key: string): Promise<GetReply> {
    for (let i = 0; i < TRIES; i++) {
      const reply = await this.end.call<GetArgs, GetReply>("get", { key });
      if (reply) return reply;
      await this.env.sleep(100);
    }
    return { value: "", version: 0, err: "ErrNoKey" };
  }

  override async put(key: string, value: string, version: number): Promise<Err> {
    for (let i = 0; i < TRIES; i++) {
      const reply = await this.end.call<PutArgs, PutReply>("put", { key, value, version });
      if (reply) return reply.err === "ErrVersion" && i > 0 ? "ErrMaybe" : reply.err;
      await this.env.sleep(100);
    }
    return "ErrMaybe";
  }
}

export default { ...correct, name: "clerk-gives-up-after-partition", createClerk: (end, env) => new BoundedClerk(end, env) } satisfies typeof correct;
