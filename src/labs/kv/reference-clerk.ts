import type { Clerk, ClientEnd, Err, GetReply, LabEnv, PutArgs, PutReply } from "./contract.js";

/** How long a clerk waits before resending a lost RPC. */
export const RETRY_MS = 100;

/**
 * The reference clerk: resends until answered. A put's first answer is returned as is; once a put
 * has been resent, ErrVersion may mean that a lost earlier try did apply, so it becomes ErrMaybe.
 */
export class ReferenceClerk implements Clerk {
  constructor(
    private readonly end: ClientEnd,
    private readonly env: LabEnv,
  ) {}

  async get(key: string): Promise<GetReply> {
    for (;;) {
      const reply = await this.end.call<{ key: string }, GetReply>("get", { key });
      if (reply) return reply;
      await this.env.sleep(RETRY_MS);
    }
  }

  async put(key: string, value: string, version: number): Promise<Err> {
    for (let attempt = 1; ; attempt++) {
      const reply = await this.end.call<PutArgs, PutReply>("put", { key, value, version });
      if (reply) return reply.err === "ErrVersion" && attempt > 1 ? "ErrMaybe" : reply.err;
      await this.env.sleep(RETRY_MS);
    }
  }
}
