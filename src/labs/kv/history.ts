import type { KvInput, KvOutput, Operation } from "../../check/index.js";

/**
 * One recorded clerk call, with its virtual times kept for reports beside the checker's order,
 * and the end it went through (which names the client's messages, for forensics).
 */
export type RecordedOp = Operation<KvInput, KvOutput> & { callMs: number; returnMs: number; end?: string };

/**
 * Records clerk calls for the linearizability check. `call` and `return` are positions in the
 * simulation's own order of events, not virtual times: two calls at the same virtual instant
 * still have the order in which they really happened, so equal timestamps never widen the set
 * of orders the checker must accept.
 */
export class KvRecorder {
  readonly operations: RecordedOp[] = [];
  private tick = 0;

  constructor(private readonly nowMs: () => number) {}

  async record(client: number, input: KvInput, perform: () => Promise<KvOutput>, end?: string): Promise<KvOutput> {
    const call = ++this.tick;
    const callMs = this.nowMs();
    const output = await perform();
    this.operations.push({ client, input, output, call, return: ++this.tick, callMs, returnMs: this.nowMs(), ...(end === undefined ? {} : { end }) });
    return output;
  }
}
