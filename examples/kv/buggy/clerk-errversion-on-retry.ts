// Bug: the clerk resends a put whose reply is slow (after 100 ms), but counts only lost replies
// as resends. The slow first try may apply; the resend then meets ErrVersion, which the clerk
// returns as is where it must return ErrMaybe.
import type { Err, PutArgs, PutReply } from "kvlab";
import correct, { MyClerk } from "../my-kv.js";

class ImpatientClerk extends MyClerk {
  override async put(key: string, value: string, version: number): Promise<Err> {
    for (let lost = false; ; ) {
      const timeout = this.env.sleep(100).then(() => "timeout" as const);
      const reply = await Promise.race([this.end.call<PutArgs, PutReply>("put", { key, value, version }), timeout]);
      if (reply === "timeout") continue;
      if (reply) return reply.err === "ErrVersion" && lost ? "ErrMaybe" : reply.err;
      lost = true;
      await this.env.sleep(100);
    }
  }
}

export default { ...correct, name: "clerk-errversion-on-retry", createClerk: (end, env) => new ImpatientClerk(end, env) } satisfies typeof correct;
