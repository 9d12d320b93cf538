import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";

/**
 * Bytes that an object graph holds, counted the same way on every run: strings by length, numbers
 * and booleans 8, each object, array, Map or Set entry 8 plus its contents. Functions and
 * prototypes are not counted (they do not grow with use). Deterministic, unlike the heap, so a
 * server that keeps something per client or keeps old values fails on every machine.
 *
 * @example
 * retainedBytes(new Map([["k", "v"]])); // 8 + (1 + 1) + 8 = 18
 */
export function retainedBytes(root: unknown): number {
  const seen = new Set<object>();
  let bytes = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === "string") bytes += value.length;
    else if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") bytes += 8;
    else if (typeof value === "object" && value !== null && !seen.has(value)) {
      seen.add(value);
      bytes += 8;
      if (value instanceof Map) for (const [k, v] of value) stack.push(k, v);
      else if (value instanceof Set) for (const v of value) stack.push(v);
      else if (ArrayBuffer.isView(value)) bytes += value.byteLength;
      else for (const key of Object.keys(value)) stack.push(key, (value as Record<string, unknown>)[key]);
    }
  }
  return bytes;
}

let collect: (() => void) | undefined;

/** Heap bytes in use after a full garbage collection (the lab's HeapAlloc after runtime.GC()). */
export function heapAfterGc(): number {
  if (!collect) {
    // Exposes V8's gc() without a command-line flag, so the test runs under any runner.
    setFlagsFromString("--expose-gc");
    collect = runInNewContext("gc") as () => void;
  }
  collect(); // one full mark-compact: everything unreachable is gone after it
  return process.memoryUsage().heapUsed;
}
