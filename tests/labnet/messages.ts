import type { TraceEvent } from "../../labnet/index.js";
import { SeedTree, mixKey, nameKey } from "../../labnet/rng.js";

/**
 * The key labnet gives the `seq`-th call on end `end` to `method` at `target` in a run of `seed`,
 * worked out here from its definition, so tests can predict each message's faults independently
 * of the pipeline that draws them.
 */
export function messageKey(seed: number, end: string, target: string, method: string, seq: number): number {
  return mixKey(new SeedTree(seed).key, nameKey(end), nameKey(target), nameKey(method), seq);
}

/** A message event's subject ("c3#7 bump→counter (copy 1)") taken apart. */
export interface MessageSubject {
  id: string;
  end: string;
  seq: number;
  method: string;
  target: string;
  copy: number;
}

export function parseSubject(subject: string): MessageSubject {
  const match = /^(.+)#(\d+) (\S+)→(\S*)(?: \(copy (\d+)\))?$/.exec(subject);
  if (!match) throw new Error(`not a message subject: ${subject}`);
  const [, end, seq, method, target, copy] = match;
  return { id: `${end}#${seq}`, end: end!, seq: Number(seq), method: method!, target: target!, copy: Number(copy ?? 0) };
}

/** The ids of the messages that met events of `kind`, in trace order. */
export function idsOf(events: readonly TraceEvent[], kind: TraceEvent["kind"]): string[] {
  return events.filter((event) => event.kind === kind).map((event) => parseSubject(event.subject).id);
}
