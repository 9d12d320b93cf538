// Bug: the clerk passes a resent put's ErrVersion straight through, so its caller cannot tell a
// put that failed from one whose first, lost try applied.
import type { Err, PutArgs, PutReply } from "kvlab";
import correct, { MyClerk } from "../my-kv.js";

class ClerkWithoutErrMaybe extends MyClerk {
  override async put(key: string, value: string, version: number): Promise<Err> {
    for (;;) {
      const reply = await this.end.call<PutArgs, PutReply>("put", { key, value, version });
      if (reply) return reply.err;
      await this.env.sleep(100);
    }
  }
}

export default { ...correct, name: "clerk-never-errmaybe", createClerk: (end, env) => new ClerkWithoutErrMaybe(end, env) } satisfies typeof correct;
