import type { Err } from "../../kv/index.js";
import type { LabTest } from "../lab-test.js";
import { retainedBytes } from "../memory.js";

/** What a client may legally answer, by operation. */
const LEGAL: Record<"get" | "put", readonly Err[]> = {
  get: ["OK", "ErrNoKey"],
  put: ["OK", "ErrNoKey", "ErrVersion", "ErrMaybe"],
};

/**
 * The clerk's side of the contract, for one finished operation: a legal error, and ErrMaybe only
 * from a put that was sent more than once (`rpcs` is how many RPCs the clerk sent for it).
 */
export function checkClerkAnswer(t: LabTest, client: string, call: string, op: "get" | "put", err: Err, rpcs: number): void {
  if (!LEGAL[op].includes(err)) t.fatal(`${client}: ${call} returned ${String(err)}; a ${op} may return only ${LEGAL[op].join(", ")}`);
  if (err === "ErrMaybe" && rpcs === 1) t.fatal(`${client}: ${call} returned ErrMaybe after sending a single RPC; ErrMaybe is only for a resent put`);
}

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
