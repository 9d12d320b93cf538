import type { End, LabEnv } from "../../../../labnet/index.js";
import type { Clerk, Err, GetReply } from "../contract.js";
import { observed } from "../observed.js";

/** One clerk call, as the journal saw it: what was asked, what came back, and its RPC attempts. */
export interface JournalEntry {
  /** Position in the journal: the order in which calls began. */
  id: number;
  /** The clerk's end name (clerk-1, …): it names the client and its messages. */
  client: string;
  op: "get" | "put";
  key: string;
  value?: string;
  version?: number;
  /** What the clerk returned: a get's reply, or a put's error. */
  result?: GetReply | Err;
  callMs: number;
  returnMs?: number;
  /** The end's sequence numbers this call sent: messages client#firstSeq … client#lastSeq. */
  firstSeq: number;
  lastSeq?: number;
}

/**
 * Wraps a clerk so every call is written down with the RPC attempts it made: the end's sequence
 * counter before and after the call gives exactly its messages. Used only when a failed run is
 * investigated; it adds no virtual time and no message. The clerk stays itself (see observed), so a
 * lock given it sees the student's own clerk.
 */
export function journaled(clerk: Clerk, end: End, env: LabEnv, journal: JournalEntry[]): Clerk {
  const record = async <R>(entry: Omit<JournalEntry, "id" | "client" | "callMs" | "firstSeq">, call: () => Promise<R>, result: (r: R) => JournalEntry["result"]) => {
    const written: JournalEntry = { ...entry, id: journal.length, client: end.name, callMs: env.now(), firstSeq: end.seq + 1 };
    journal.push(written);
    const outcome = await call();
    written.result = result(outcome);
    written.returnMs = env.now();
    written.lastSeq = end.seq;
    return outcome;
  };
  return observed(clerk, {
    get: (key) => record({ op: "get", key }, () => clerk.get(key), (reply) => ({ ...reply })),
    put: (key, value, version) => record({ op: "put", key, value, version }, () => clerk.put(key, value, version), (err) => err),
  });
}
