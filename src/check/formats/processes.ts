import type { Operation } from "../history.js";
import { type ExactInteger, exactInteger } from "../models/exact-integer.js";
import { ShapeError } from "../models/shape.js";
import { FormatError } from "./format-error.js";

/**
 * The integer a log line writes as `text` (digits, `-` first when negative), exactly; a
 * FormatError at `file:line` naming `what` for one too long to keep.
 *
 * @example
 * logInteger("9007199254740993", "etcd.log", 4, "a value"); // "9007199254740993"
 */
export function logInteger(text: string, file: string, line: number, what: string): ExactInteger {
  try {
    return exactInteger(text, what)!;
  } catch (error) {
    if (error instanceof ShapeError) throw new FormatError(file, line, error.message);
    throw error;
  }
}

/**
 * Pairs the invocations and completions of a Jepsen-style log, where each line is one event of a
 * process and a process runs one operation at a time. Times are event positions. Operations that
 * definitely did not happen can be dropped; those never completed stay of unknown outcome.
 * A process is named by an {@link ExactInteger}, so processes 2^53 and 2^53 + 1 stay two.
 */
export class ProcessLog<I, O> {
  private readonly ops: (Operation<I, O> | undefined)[] = [];
  private readonly lines: number[] = [];
  private readonly open = new Map<ExactInteger, number>();
  private time = 0;

  constructor(private readonly file: string) {}

  invoke(process: ExactInteger, line: number, input: I): void {
    if (this.open.has(process)) {
      throw new FormatError(this.file, line, `expected process ${process} to complete its operation before invoking another`);
    }
    this.open.set(process, this.ops.length);
    this.ops.push({ client: process, call: this.time++, input });
    this.lines.push(line);
  }

  /** The open operation of `process`, closed by this line; `output` undefined drops it. */
  complete(process: ExactInteger, line: number, kind: string, outcome: (input: I) => { output: O } | "drop"): void {
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
  abandon(process: ExactInteger, line: number): void {
    if (!this.open.delete(process)) throw new FormatError(this.file, line, `expected an :invoke by process ${process} before this :info`);
    this.time++;
  }

  /** The operations that happened or may have, with the lines of their invocations. */
  history(): { operations: Operation<I, O>[]; lines: number[] } {
    const kept = this.ops.flatMap((op, i) => (op === undefined ? [] : [i]));
    return { operations: kept.map((i) => this.ops[i]!), lines: kept.map((i) => this.lines[i]!) };
  }
}
