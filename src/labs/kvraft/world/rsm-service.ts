import type { Bytes, Rsm, StateMachine } from "../contract.js";

/** The rsm tests' operations (the course's Inc{}, Null{}, Dec{}): plain tagged values, so they survive the log's copies. */
export type CounterOp = { kind: "Inc" } | { kind: "Null" } | { kind: "Dec" };
/** What doOp returns for them (the course's IncRep{N} and NullRep{}). */
export type CounterReply = { kind: "IncRep"; n: number } | { kind: "NullRep" };

export const INC: CounterOp = { kind: "Inc" };
export const NULL: CounterOp = { kind: "Null" };
export const DEC: CounterOp = { kind: "Dec" };

/** A value's type as Go's %T prints the course's: `rsm.Dec` for a tagged operation, `<nil>`, else the JS type. */
export function goType(value: unknown): string {
  if (value === null || value === undefined) return "<nil>";
  const kind = (value as { kind?: unknown }).kind;
  return typeof kind === "string" ? `rsm.${kind}` : typeof value;
}

/**
 * The rsm tests' service above each peer (the course's rsmSrv): a counter that Inc increments and
 * Null leaves alone. Executing anything else (a Dec submitted in a minority) ends the run at once,
 * as the course's log.Fatalf ends its test binary. The tester calls its rsm's submit in-process.
 */
export class RsmService implements StateMachine {
  counter = 0;
  rsm: Rsm | undefined;

  constructor(
    readonly me: number,
    private readonly fatal: (message: string) => never,
  ) {}

  doOp(req: unknown): CounterReply {
    const kind = (req as { kind?: unknown } | null)?.kind;
    if (kind === "Inc") return { kind: "IncRep", n: ++this.counter };
    if (kind === "Null") return { kind: "NullRep" };
    return this.fatal(`DoOp should execute only Inc and not ${goType(req)}`);
  }

  snapshot(): Bytes {
    return JSON.stringify(this.counter);
  }

  restore(snapshot: Bytes): void {
    let counter: unknown;
    try {
      counter = JSON.parse(typeof snapshot === "string" ? snapshot : new TextDecoder().decode(snapshot));
    } catch {
      counter = undefined;
    }
    if (!Number.isInteger(counter)) this.fatal(`${this.me} couldn't decode counter`);
    this.counter = counter as number;
  }
}
