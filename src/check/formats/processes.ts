import type { Operation } from "../history.js";
import { FormatError } from "./format-error.js";

/**
 * Pairs the invocations and completions of a Jepsen-style log, where each line is one event of a
 * process and a process runs one operation at a time. Times are event positions. Operations that
 * definitely did not happen can be dropped; those never completed stay of unknown outcome.
 */
export class ProcessLog<I, O> {
  private readonly ops: (Operation<I, O> | undefined)[] = [];
  private readonly lines: number[] = [];
  private readonly open = new Map<number, number>();
  private time = 0;

  constructor(private readonly file: string) {}

  invoke(process: number, line: number, input: I): void {
    if (this.open.has(process)) {
      throw new FormatError(this.file, line, `expected process ${process} to complete its operation before invoking another`);
    }
    this.open.set(process, this.ops.length);
    this.ops.push({ client: process, call: this.time++, input });
    this.lines.push(line);
  }

  /** The open operation of `process`, closed by this line; `output` undefined drops it. */
  complete(process: number, line: number, kind: string, outcome: (input: I) => { output: O } | "drop"): void {
    const index = this.open.get(process);
    const op = index === undefined ? undefined : this.ops[index];
    if (index === undefined || op === undefined) {
      throw new FormatError(this.file, line, `expected an :invoke by process ${process} before this :${kind}`);
    }
    this.open.delete(process);
    const result = outcome(op.input);
    if (result === "drop") this.ops[index] = undefined;
    else {
      op.return = this.time;
      op.output = result.output;
    }
    this.time++;
  }

  /** Leaves the open operation of `process` of unknown outcome (Jepsen's :info). */
  abandon(process: number, line: number): void {
    if (!this.open.delete(process)) throw new FormatError(this.file, line, `expected an :invoke by process ${process} before this :info`);
    this.time++;
  }

  /** The operations that happened or may have, with the lines of their invocations. */
  history(): { operations: Operation<I, O>[]; lines: number[] } {
    const kept = this.ops.flatMap((op, i) => (op === undefined ? [] : [i]));
    return { operations: kept.map((i) => this.ops[i]!), lines: kept.map((i) => this.lines[i]!) };
  }
}
