import type { LabTest } from "../lab-test.js";
import { retainedBytes } from "../memory.js";

/**
 * The server must hold its data and little else: at most what it held before the first operation
 * (`baseline`: its fixed overhead), plus each key with its longest value once, plus 64 bytes a key
 * for the entry around them (the reference needs 36). A server that keeps even one old value, or
 * a table of past requests, outgrows that.
 */
export function checkServerMemory(t: LabTest, baseline: number, longestValue: ReadonlyMap<string, number>): void {
  let data = 0;
  for (const [key, length] of longestValue) data += key.length + length;
  const allowance = baseline + data + 64 * longestValue.size;
  const held = retainedBytes(t.service);
  if (held > allowance) t.fatal(`error: server holds ${held} bytes for ${data} bytes of data (allowed ${allowance}): it keeps old values or per-request state`);
}
