// Bug: after a lost put the clerk resends with the next version ("the lost try may have applied,
// so the key is one version further"), which is not the put it was asked for.
import type { Err, PutArgs, PutReply } from "kvlab";
import correct, { MyClerk } from "../my-kv.js";

class GuessingClerk extends MyClerk {
  override async put(key: string, value: string, version: number): Promise<Err> {
    for (let sent = version; ; sent++) {
      const reply = await this.end.call<PutArgs, PutReply>("put", { key, value, version: sent });
      if (reply) return reply.err === "ErrVersion" && sent > version ? "ErrMaybe" : reply.err;
      await this.env.sleep(100);
    }
  }
}

export default { ...correct, name: "clerk-sends-wrong-version", createClerk: (end, env) => new GuessingClerk(end, env) } satisfies typeof correct;
