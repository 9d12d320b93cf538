// Bug: the clerk's get gives up after one lost RPC and reports the key missing.
import type { GetArgs, GetReply } from "kvlab";
import correct, { MyClerk } from "../my-kv.js";

class ImpatientClerk extends MyClerk {
  override async get(key: string): Promise<GetReply> {
    const reply = await this.end.call<GetArgs, GetReply>("get", { key });
    return reply ?? { value: "", version: 0, err: "ErrNoKey" };
  }
}

export default { ...correct, name: "clerk-gives-up-get", createClerk: (end, env) => new ImpatientClerk(end, env) } satisfies typeof correct;
