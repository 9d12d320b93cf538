import { runInNewContext } from "node:vm";
import { deserialize, serialize, setFlagsFromString } from "node:v8";

/**
 * Bytes that an object graph holds, counted the same way on every run: strings by length, numbers
 * and booleans 8, each object, array, Map or Set 8 plus its contents (property names by length; a
 * Map's or Set's entries cost only what they hold). Functions and
 * prototypes are not counted (they do not grow with use). Deterministic, unlike the heap, so a
 * server that keeps something per client or keeps old values fails on every machine.
 *
 * A string counts each time it is reached, except those in `once`, which count the first time only.
 *
 * @example
 * retainedBytes(new Map([["k", "v"]])); // 8 for the Map + 1 + 1 = 10
 */
export function retainedBytes(root: unknown, once?: ReadonlySet<string>): number {
  const seen = new Set<object>();
  const counted = new Set<string>();
  let bytes = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === "string") {
      if (!once?.has(value)) bytes += value.length;
      else if (!counted.has(value)) {
        counted.add(value);
        bytes += value.length;
      }
    }
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
    // V8 drops the bytecode of functions that have not run for a while, at a GC: the heap would
    // shrink by whatever ran before a baseline only, hiding as much growth after it.
    setFlagsFromString("--no-flush-bytecode");
    collect = runInNewContext("gc") as () => void;
  }
  // Two full mark-compacts: some garbage outlives the first (objects a native call such as
  // v8.serialize just walked, weak references cleared by it), none outlives the second.
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

/**
 * `readings` figures of heapAfterGc, not counting `kept`: arrays of plain records the lab appends
 * to as a run goes (the trace a run keeps for replay or comparison; with forensics, the clerk
 * journal and the server's executions, which hold every put's value), which would otherwise count
 * as if the server held them. They are moved off the heap while it is measured (serialised into
 * Buffers, whose bytes live outside the V8 heap), then put back as equal objects. Call it only
 * between clerk calls: a call in progress would go on writing to a record no longer in its array.
 */
export function heapAfterGcWithout(kept: readonly (unknown[] | undefined)[], readings = 1): number[] {
  const lists = kept.filter((list): list is unknown[] => list !== undefined && list.length > 0);
  const parked = lists.map((list) => serialize(list));
  for (const list of lists) list.length = 0;
  // Each reading after two full GCs in a row, as heapAfterGc's; after the first, the previous
  // reading's last GC is the first of the two, so each further reading costs one GC, not two.
  const heap = [heapAfterGc()];
  while (heap.length < readings) {
    collect!();
    heap.push(process.memoryUsage().heapUsed);
  }
  lists.forEach((list, i) => {
    for (const record of deserialize(parked[i]!) as unknown[]) list.push(record);
  });
  return heap;
}

/**
 * The `index`-th of many distinct values as long as `base`: "index:" written over the start of
 * `base` (whose letters hold no digit or colon, so no two indices meet), copied into a fresh flat
 * string. A slice or concatenation of `base` would share its characters, and a server that keeps
 * old values would then hold a few dozen bytes per value instead of `base.length`. Joining an
 * array writes its parts into one new sequential string: a third of the time of a round trip
 * through a Buffer, which the memory tests pay 100,000 times.
 */
export function distinctValue(base: string, index: number): string {
  const tag = `${index}:`;
  return [tag, base.slice(tag.length)].join("");
}
