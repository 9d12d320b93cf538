import type { Bytes } from "../contract.js";

/**
 * The tester's snapshot, as the course's server.go encodes it: the last index it covers, then the
 * commands at indices 0..index (index 0 is null), here as JSON in UTF-8 bytes.
 */
export interface TesterSnapshot {
  index: number;
  commands: unknown[];
}

export function encodeSnapshot(index: number, commands: unknown[]): Uint8Array {
  return new TextEncoder().encode(JSON.stringify([index, commands]));
}

/** The snapshot in `bytes`, or an error text ("snapshot Decode() error" as the course says it). */
export function decodeSnapshot(bytes: Bytes): TesterSnapshot | string {
  try {
    const text = typeof bytes === "string" ? bytes : new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value) && value.length === 2 && Number.isInteger(value[0]) && Array.isArray(value[1]) && value[1].length === value[0] + 1) {
      return { index: value[0] as number, commands: value[1] as unknown[] };
    }
  } catch {
    // Falls through to the course's words.
  }
  return "snapshot Decode() error";
}

/** Whether `bytes` hold anything (the course ingests a snapshot only when it is non-empty). */
export function isEmpty(bytes: Bytes | null | undefined): boolean {
  return bytes == null || (typeof bytes === "string" ? bytes.length === 0 : bytes.byteLength === 0);
}
