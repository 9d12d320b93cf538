import type { SimulatedKvWorld } from "../sim-world.js";
import { retainedBytes } from "../../../harness/index.js";

/** Bytes a key may hold beyond its characters and its longest value: the entry around them. */
const PER_KEY = 64;

/**
 * The server must hold its data and little else: at most what it held before the first operation
 * (`baseline`: its fixed overhead), plus each key with its longest value once, plus 64 bytes a key
 * for the entry around them (the reference needs 36). A server that keeps even one old value, or
 * a table of past requests, outgrows that. A key longer than that 64 counts once however often the
 * server holds it: a correct server may keep it both as its table's key and in the entry
 * (`{key, value, version}`), and a 10,000-character hostile key would otherwise fail it. Values
 * count every time, so an old value kept anywhere still does.
 */
export function checkServerMemory(t: SimulatedKvWorld, baseline: number, longestValue: ReadonlyMap<string, number>): void {
  let data = 0;
  for (const [key, length] of longestValue) data += key.length + length;
  const allowance = baseline + data + PER_KEY * longestValue.size;
  const held = retainedBytes(t.service, new Set([...longestValue.keys()].filter((key) => key.length > PER_KEY)));
  if (held > allowance) t.fatal(`error: server holds ${held} bytes for ${data} bytes of data (allowed ${allowance}): it keeps old values or per-request state`, { kind: "memory" });
}
