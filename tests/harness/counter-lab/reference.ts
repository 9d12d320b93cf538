import type { ClientEnd, LabEnv } from "../../../labnet/index.js";
import type { CounterClient, CounterImplementation, CounterReply, IncrementArgs } from "./contract.js";

/** How long a client waits before it resends a call that got no answer. */
const RETRY_MS = 100;

/**
 * Counts once per (client, seq): a resent increment gets the answer its first copy got. A client
 * has one increment in flight at a time, so a copy older than its latest (a duplicate delivered
 * late) is one the client no longer waits for: it counts nothing either.
 */
export class CounterServer {
  private value = 0;
  private readonly last = new Map<string, { seq: number; value: number }>();

  increment(args: IncrementArgs): CounterReply {
    const seen = this.last.get(args.client);
    if (seen !== undefined && args.seq <= seen.seq) return { value: seen.value };
    this.value++;
    this.last.set(args.client, { seq: args.seq, value: this.value });
    return { value: this.value };
  }

  get(): CounterReply {
    return { value: this.value };
  }
}

/** Resends each call until it is answered; every increment carries the client's next sequence number. */
export class RetryingClient implements CounterClient {
  private seq = 0;

  constructor(
    private readonly end: ClientEnd,
    private readonly env: LabEnv,
    private readonly name: string,
  ) {}

  increment(): Promise<number> {
    const args: IncrementArgs = { client: this.name, seq: ++this.seq };
    return this.untilAnswered("increment", args);
  }

  get(): Promise<number> {
    return this.untilAnswered("get", {});
  }

  private async untilAnswered(method: string, args: object): Promise<number> {
    for (;;) {
      const reply = await this.end.call<object, CounterReply>(method, args);
      if (reply !== undefined) return reply.value;
      await this.env.sleep(RETRY_MS);
    }
  }
}

/** The counter lab's own implementation: it passes every test on every seed. */
export const reference: CounterImplementation = {
  createServer: () => new CounterServer(),
  createClient: (end, env, name) => new RetryingClient(end, env, name),
};
