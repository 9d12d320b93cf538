import type { Err as KvErr, GetReply as KvGetReply } from "../../kv/index.js";
import type { Clerk, ClientEnd, Err, GetArgs, GetReply, LabEnv, PutArgs, PutReply } from "../contract.js";

/** How long a clerk pauses after every server in turn refused or missed its request. */
export const ROUND_PAUSE_MS = 100;

/**
 * The reference clerk over every server: it sends each request to the server that last answered
 * as leader, and on ErrWrongLeader or a lost call tries the next, pausing after each full round.
 * Its get and put keep the KV lab's retry rules: a get retries until OK or ErrNoKey; a put returns
 * its first answer as is, but ErrVersion after any earlier attempt becomes ErrMaybe, as an attempt
 * that went unanswered, or was refused after its leader lost its term, may have been applied.
 *
 * @example
 * const clerk = new ReferenceKVRaftClerk(ends, env);
 * await clerk.put("x", "1", 0); // "OK", from whichever server leads
 */
export class ReferenceKVRaftClerk implements Clerk {
  private leader = 0;

  constructor(
    private readonly servers: ClientEnd[],
    private readonly env: LabEnv,
  ) {}

  async get(key: string): Promise<KvGetReply> {
    const { reply, err } = await this.callLeader<GetArgs, GetReply>("get", { key });
    return { ...reply, err };
  }

  async put(key: string, value: string, version: number): Promise<KvErr> {
    const { err, uncertain } = await this.callLeader<PutArgs, PutReply>("put", { key, value, version });
    return err === "ErrVersion" && uncertain ? "ErrMaybe" : err;
  }

  /**
   * Whether an attempt that got `reply` (undefined: the call was lost) may have been applied: any
   * of them may. A lost call may have reached the leader; and ErrWrongLeader only says the server
   * stopped waiting, since a leader that lost its term after starting the Op leaves it in logs
   * where the next leader may commit it.
   */
  protected mayHaveApplied(_reply: { err: Err } | undefined): boolean {
    return true;
  }

  /**
   * Sends until a server answers other than ErrWrongLeader; that server is the leader from then on.
   * `uncertain`: an earlier attempt may have been applied.
   */
  private async callLeader<A, R extends { err: Err }>(method: string, args: A): Promise<{ reply: R; err: KvErr; uncertain: boolean }> {
    let uncertain = false;
    for (let attempts = 1; ; attempts++) {
      const reply = await this.servers[this.leader]!.call<A, R>(method, args);
      if (reply && reply.err !== "ErrWrongLeader") return { reply, err: reply.err, uncertain };
      uncertain ||= this.mayHaveApplied(reply);
      this.leader = (this.leader + 1) % this.servers.length;
      if (attempts % this.servers.length === 0) await this.env.sleep(ROUND_PAUSE_MS);
    }
  }
}
