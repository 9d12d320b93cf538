/**
 * The store as integer descriptors and return codes, for programs written against that style of
 * API: `kvConnect` gives a positive descriptor (or -1), and each call answers 0 for success, -2
 * for "the key exists" (a write without overwrite) or "the key is missing" (a read), and -1 for
 * any other error, whose reason `kvLastError` tells. A write or delete whose outcome a lost reply
 * left unknown answers -1 too (see PairStore). Every call is async, since it goes over the network.
 *
 * @example
 * const kd = await kvConnect("127.0.0.1", 9999);
 * await kvWrite(kd, 7, Buffer.from("seven"), 5, 0); // 0, or -2 when 7 exists
 * const value = Buffer.alloc(3);
 * await kvRead(kd, 7, value, 3);                     // 5: the full length; value holds "sev"
 * await kvDelete(kd, 7);                             // 0
 * await kvClose(kd);
 */
import { PairStore } from "./store.js";
import { errorMessage } from "../errors/index.js";

export const KV_OK = 0;
export const KV_ERROR = -1;
/** A write without overwrite found the key; a read did not. */
export const KV_EXISTS = -2;
export const KV_MISSING = -2;

const stores = new Map<number, PairStore>();
let nextDescriptor = 1;
let lastError = "";

/** Connects through the front server at `ip:port`: a descriptor > 0, or -1. */
export async function kvConnect(ip: string, port: number): Promise<number> {
  return guarded(async () => {
    const store = await PairStore.connect(ip, port);
    stores.set(nextDescriptor, store);
    return nextDescriptor++;
  });
}

/** Writes the first `valueLength` bytes of `value` under `key`: 0, -2 (exists, `overwrite` 0) or -1. */
export async function kvWrite(kd: number, key: number, value: Uint8Array, valueLength: number, overwrite: number): Promise<number> {
  return guarded(async () => {
    if (!(valueLength >= 0 && valueLength <= value.length)) throw new RangeError(`valueLength ${valueLength} is not within the value's ${value.length} bytes`);
    const result = await store(kd).write(key, value.subarray(0, valueLength), overwrite !== 0);
    if (result === "unknown") throw new Error(`the write of key ${key} may or may not have applied: its reply was lost`);
    return result === "written" ? KV_OK : KV_EXISTS;
  });
}

/**
 * Reads `key` into `value`, at most `valueLength` bytes: the value's full length (more than
 * `valueLength` when not all of it was given), -2 when the key is missing, or -1.
 */
export async function kvRead(kd: number, key: number, value: Uint8Array, valueLength: number): Promise<number> {
  return guarded(async () => {
    if (!(valueLength >= 0 && valueLength <= value.length)) throw new RangeError(`valueLength ${valueLength} is not within the buffer's ${value.length} bytes`);
    const read = await store(kd).read(key, valueLength);
    if (read === undefined) return KV_MISSING;
    value.set(read.value);
    return read.length;
  });
}

/** Deletes `key`: 0, or -1 (missing, or its outcome unknown). */
export async function kvDelete(kd: number, key: number): Promise<number> {
  return guarded(async () => {
    const result = await store(kd).delete(key);
    if (result !== "deleted") throw new Error(result === "missing" ? `key ${key} does not exist` : `the delete of key ${key} may or may not have applied: its reply was lost`);
    return KV_OK;
  });
}

/** Closes the descriptor's connection; an unknown descriptor is ignored. */
export async function kvClose(kd: number): Promise<void> {
  const closing = stores.get(kd);
  stores.delete(kd);
  await closing?.close();
}

/** Why the last call that answered -1 failed. */
export function kvLastError(): string {
  return lastError;
}

function store(kd: number): PairStore {
  const found = stores.get(kd);
  if (found === undefined) throw new Error(`${kd} is not an open descriptor`);
  return found;
}

async function guarded(call: () => Promise<number>): Promise<number> {
  try {
    return await call();
  } catch (error) {
    lastError = errorMessage(error);
    return KV_ERROR;
  }
}
