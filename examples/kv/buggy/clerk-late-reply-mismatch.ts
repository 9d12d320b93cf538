// Bug: the clerk resends every 100 ms without waiting for a slow reply, and every reply it gets
// lands in one inbox, which each call empties as it starts. A slow reply to an earlier call can
// land there during a later call, which then returns it as its own.
import type { Err, GetReply, PutReply } from "kvlab";
import correct, { MyClerk } from "../my-kv.js";

class InboxClerk extends MyClerk {
  private inbox: unknown;

  private async request<R>(method: string, args: object): Promise<{ reply: R; sends: number }> {
    this.inbox = undefined;
    for (let sends = 1; ; sends++) {
      const call = this.end.call(method, args).then((reply) => {
        if (reply !== undefined) this.inbox = reply;
      });
      await Promise.race([call, this.env.sleep(100)]);
      if (this.inbox !== undefined) return { reply: this.inbox as R, sends };
    }
  }

  override async get(key: string): Promise<GetReply> {
    return (await this.request<GetReply>("get", { key })).reply;
  }

  override async put(key: string, value: string, version: number): Promise<Err> {
    const { reply, sends } = await this.request<PutReply>("put", { key, value, version });
    return reply.err === "ErrVersion" && sends > 1 ? "ErrMaybe" : reply.err;
  }
}

export default { ...correct, name: "clerk-late-reply-mismatch", createClerk: (end, env) => new InboxClerk(end, env) } satisfies typeof correct;
