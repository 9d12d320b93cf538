// Bug: when a resent put meets ErrVersion, the clerk concludes that its lost first try applied
// and returns OK; but the first try may have been lost on its way, never applied.
import type { Err, PutArgs, PutReply } from "kvlab";
import correct, { MyClerk } from "../my-kv.js";

class OptimisticClerk extends MyClerk {
  override async put(key: string, value: string, version: number): Promise<Err> {
    for (let resent = false; ; resent = true) {
      const reply = await this.end.call<PutArgs, PutReply>("put", { key, value, version });
      if (reply) return reply.err === "ErrVersion" && resent ? "OK" : reply.err;
      await this.env.sleep(100);
    }
  }
}

export default { ...correct, name: "clerk-ok-after-retry-errversion", createClerk: (end, env) => new OptimisticClerk(end, env) } satisfies typeof correct;
