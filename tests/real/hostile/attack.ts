import { readFileSync } from "node:fs";
import { KvsClient } from "../../../src/real/client/index.js";
import { HEADER_BYTES, type Address } from "../../../src/real/protocol/index.js";

/** A frame of `body`: the length prefix, then the bytes. */
export function frameOf(body: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32BE(body.length);
  return Buffer.concat([header, body]);
}

/**
 * `{id: 1, cmd: [[[…[]…]]]}` with the array nested `depth` deep: a few bytes per thousand levels,
 * and deeper than JSON.stringify can walk from about 3,000 levels on a default stack.
 */
export function deeplyNestedRequest(depth: number): Buffer {
  const head = Buffer.from([0x82, 0xa2, 0x69, 0x64, 0x01, 0xa3, 0x63, 0x6d, 0x64]); // {id: 1, cmd: …
  return frameOf(Buffer.concat([head, Buffer.alloc(depth, 0x91), Buffer.from([0x90])])); // fixarray of 1, …, []
}

/**
 * Shows that the server at `address` still serves a well-behaved client: a fresh connection
 * writes `key` and reads it back. Resolves to what it read.
 */
export async function servesAClient(address: Address, key = "canary"): Promise<string | undefined> {
  const client = await KvsClient.connect(address);
  try {
    const value = `alive ${key}`;
    await client.set(key, value);
    return (await client.get(key))?.value;
  } finally {
    await client.close();
  }
}

/** The process's resident set now and at its peak, in MiB, from /proc (Linux). */
export function residentMiB(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1]) / 1024;
  return { now: field("VmRSS"), peak: field("VmHWM") };
}
