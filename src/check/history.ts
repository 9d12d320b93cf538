/**
 * One operation of a concurrent history: a client called it at `call` and it returned `output`
 * at `return`. Intervals are closed: an operation returning at t and one called at t overlap, so
 * either may be linearized first. An operation with no `return` (and no `output`) has an unknown
 * outcome: it may have taken effect at any time after its call, or never.
 *
 * @example
 * const op: Operation<{ op: "get"; key: string }, { value: string }> =
 *   { client: 1, call: 10, return: 20, input: { op: "get", key: "x" }, output: { value: "a" } };
 */
export interface Operation<I, O> {
  client: number | string;
  call: number;
  return?: number;
  input: I;
  output?: O;
}

/**
 * One entry of a history written as an ordered list of events rather than timestamped operations:
 * the call and the return of an operation share an `id`, and their positions give the order.
 *
 * @example
 * const events: HistoryEvent<string, string>[] = [
 *   { kind: "call", id: 0, client: 0, value: "write a" },
 *   { kind: "return", id: 0, client: 0, value: "ok" },
 * ];
 */
export interface HistoryEvent<I, O> {
  kind: "call" | "return";
  id: number | string;
  client: number | string;
  value: I | O;
}

/**
 * A history that cannot be checked, with the position of the offending entry.
 *
 * @example
 * try { fromEvents(events); } catch (e) { if (e instanceof HistoryError) console.error(e.index, e.message); }
 */
export class HistoryError extends Error {
  constructor(
    message: string,
    /** The index of the offending event or operation. */
    readonly index: number,
  ) {
    super(message);
    this.name = "HistoryError";
  }
}

/**
 * Turns an ordered list of events into operations whose times are the events' positions. A call
 * with no return becomes an operation of unknown outcome; a return with no call, a second call
 * with the same id or a second return is a {@link HistoryError}.
 *
 * @example
 * fromEvents(events); // [{ client: 0, call: 0, return: 1, input: "write a", output: "ok" }]
 */
export function fromEvents<I, O>(events: readonly HistoryEvent<I, O>[]): Operation<I, O>[] {
  const ops: Operation<I, O>[] = [];
  const open = new Map<number | string, Operation<I, O>>();
  const seen = new Set<number | string>();
  events.forEach((event, i) => {
    if (event.kind === "call") {
      if (seen.has(event.id)) throw new HistoryError(`event ${i}: a second call for id ${event.id}`, i);
      seen.add(event.id);
      const op: Operation<I, O> = { client: event.client, call: i, input: event.value as I };
      open.set(event.id, op);
      ops.push(op);
    } else {
      const op = open.get(event.id);
      if (!op) throw new HistoryError(`event ${i}: a return for id ${event.id} with no call before it`, i);
      open.delete(event.id);
      op.return = i;
      op.output = event.value as O;
    }
  });
  return ops;
}

/**
 * Throws a {@link HistoryError} naming the first operation whose times make no sense: a time that
 * is not a finite number, a return before its call, or an output with no return. A time beyond
 * ±(2^53 - 1) is refused too: there a double stands for several integers (1700000000000000010
 * and 1700000000000000000 are one double), so comparing it may be wrong. Give such times as their
 * ranks; the file readers do (see LoadedHistory).
 *
 * @example
 * validateHistory([{ client: 0, call: 5, return: 3, input: null, output: null }]); // throws
 */
export function validateHistory(history: readonly Operation<unknown, unknown>[]): void {
  const inexact = (t: number) => Math.abs(t) > Number.MAX_SAFE_INTEGER;
  const beyond = "is beyond 2^53 - 1, where a double stands for several integers: give times as their ranks";
  history.forEach((op, i) => {
    if (!Number.isFinite(op.call)) throw new HistoryError(`operation ${i}: call time ${op.call} is not a number`, i);
    if (inexact(op.call)) throw new HistoryError(`operation ${i}: call time ${op.call} ${beyond}`, i);
    if (op.return === undefined) {
      if (op.output !== undefined) throw new HistoryError(`operation ${i}: has an output but no return time`, i);
      return;
    }
    if (!Number.isFinite(op.return)) throw new HistoryError(`operation ${i}: return time ${op.return} is not a number`, i);
    if (inexact(op.return)) throw new HistoryError(`operation ${i}: return time ${op.return} ${beyond}`, i);
    if (op.return < op.call) throw new HistoryError(`operation ${i}: returns at ${op.return}, before its call at ${op.call}`, i);
  });
}
