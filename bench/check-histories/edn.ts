import { closeSync, openSync, writeSync } from "node:fs";
import type { SimOp } from "./simulate.js";

/**
 * The lines of Porcupine's kv log for simulated operations, in real-time order: each operation's
 * `:invoke` at its call, its `:ok` (or `:info`, never returned) at its end. At one tick, ends come
 * before calls, so an operation that returned as another was called precedes it. This is the
 * format Porcupine's own test reads (and kvlab's porcupine-kv), so both check the very same file.
 */
export function* ednLines(ops: readonly SimOp[]): Generator<string> {
  const events = new Float64Array(2 * ops.length);
  // One number per event, sorted numerically: tick, then ends (0) before calls (1), then operation index.
  const slots = 2 * ops.length;
  ops.forEach((op, i) => {
    events[2 * i] = (op.call * 2 + 1) * slots + i;
    events[2 * i + 1] = (op.end * 2) * slots + i;
  });
  if (!Number.isSafeInteger((ops.reduce((m, op) => Math.max(m, op.end), 0) * 2 + 2) * slots)) throw new Error("ednLines: history too long to order");
  events.sort();
  for (const e of events) {
    const i = e % slots;
    const op = ops[i]!;
    const isCall = Math.floor(e / slots) % 2 === 1;
    const type = isCall ? "invoke" : op.outcome;
    const value = isCall ? (op.f === "get" ? "nil" : `"${op.value!}"`) : `"${op.f === "get" ? op.read! : op.value!}"`;
    yield `{:process ${op.process}, :type :${type}, :f :${op.f}, :key "${op.key}", :value ${value}}`;
  }
}

/** The whole log as one string (one line per event, each ending in a newline). */
export function ednText(ops: readonly SimOp[]): string {
  let text = "";
  for (const line of ednLines(ops)) text += `${line}\n`;
  return text;
}

/** Writes the log to `file` in chunks, so a million operations need not be one string. */
export function writeEdn(ops: readonly SimOp[], file: string): void {
  const fd = openSync(file, "w");
  try {
    let chunk = "";
    for (const line of ednLines(ops)) {
      chunk += `${line}\n`;
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = "";
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}
