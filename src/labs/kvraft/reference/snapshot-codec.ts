import type { Bytes } from "../contract.js";

/** What an rsm snapshot holds: the last log index it covers, and the state machine's snapshot. */
export interface RsmSnapshot {
  index: number;
  state: Bytes;
}

/**
 * An rsm snapshot as text: the index it covers, then the state machine's snapshot as it gave it
 * ("s" and its text, or "b" and its bytes in base64), so `restore` gets back the same kind. The
 * index must travel with the state: a restarted rsm resumes applying after it, and ignores a
 * snapshot message that would move it backwards.
 *
 * @example
 * encodeRsmSnapshot(7, '[["x","1",3]]'); // '7\ns[["x","1",3]]'
 */
export function encodeRsmSnapshot(index: number, state: Bytes): string {
  const body = typeof state === "string" ? `s${state}` : `b${Buffer.from(state).toString("base64")}`;
  return `${index}\n${body}`;
}

/** The snapshot `encodeRsmSnapshot` made, read back from text or its UTF-8 bytes. */
export function decodeRsmSnapshot(snapshot: Bytes): RsmSnapshot {
  const text = typeof snapshot === "string" ? snapshot : new TextDecoder().decode(snapshot);
  const newline = text.indexOf("\n");
  const index = Number(text.slice(0, newline));
  if (newline < 0 || !Number.isInteger(index)) throw new Error(`not an rsm snapshot: ${JSON.stringify(text.slice(0, 40))}`);
  const body = text.slice(newline + 1);
  const state = body.startsWith("b") ? new Uint8Array(Buffer.from(body.slice(1), "base64")) : body.slice(1);
  return { index, state };
}

/** Whether `bytes` holds anything (an empty persister snapshot means none was taken). */
export function isEmpty(bytes: Bytes): boolean {
  return typeof bytes === "string" ? bytes.length === 0 : bytes.byteLength === 0;
}
