import { readFileSync } from "node:fs";
import { KvsClient } from "../../../src/real/client/index.js";
import { once } from "node:events";
import { connect, type Socket } from "node:net";
import { encodeFrame, FrameDecoder, HEADER_BYTES, type Address, type Response } from "../../../src/real/protocol/index.js";

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

/** A connection that sends `requests` at once and reads nothing until told to. */
export async function pipeliner(address: Address, requests: Buffer): Promise<Socket> {
  const socket = connect(address.port, address.host);
  socket.on("error", () => undefined);
  socket.pause();
  await once(socket, "connect");
  socket.write(requests);
  return socket;
}

/** Reads replies from a paused socket until `count` have come; resolves to the last one. */
export async function readReplies(socket: Socket, count: number): Promise<Response> {
  const decoder = new FrameDecoder();
  let seen = 0;
  let last: Response | undefined;
  for await (const chunk of socket) {
    for (const reply of decoder.push(chunk as Buffer)) {
      last = reply as Response;
      if (++seen === count) return last;
    }
  }
  throw new Error(`the connection closed after ${seen} of ${count} replies`);
}

/** `count` gets of key `big`, ids 0 up, as one buffer. */
export function gets(count: number, key = "big"): Buffer {
  return Buffer.concat(Array.from({ length: count }, (_, i) => encodeFrame({ id: i, cmd: "get", key })));
}

/**
 * Whether a new client is answered (`where`, which every server answers), trying again while its
 * connection is refused: the server may not yet have seen the close that made room. A bounded
 * number of tries, each waiting on the connection itself, not on a clock.
 */
export async function served(address: Address): Promise<boolean> {
  for (let tries = 0; tries < 100; tries++) {
    const client = await KvsClient.connect(address).catch(() => undefined);
    const answered = await client?.where().then(
      () => true,
      () => false,
    );
    await client?.close();
    if (answered === true) return true;
  }
  return false;
}
