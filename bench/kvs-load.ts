// A load generator that costs the client about as little as redis-benchmark costs redis: requests
// are encoded once up front, and replies are counted, not decoded. Driven through the client
// library instead, the Node client saturates its core before kvs-server does (the profile shows
// the server idle 40% of the time), and the figure would be the client's. It speaks kvs's protocol
// and redis's, so both servers can be measured under exactly the same load.
import { connect, type Socket } from "node:net";
import { encodeFrame, type Address } from "../src/real/protocol/index.js";

export interface LoadShape {
  connections: number;
  /** Requests each connection keeps in flight (1: wait for each reply before the next). */
  pipeline: number;
  op: "set" | "get";
}

/** How a request is encoded, and how replies are counted in a stream of chunks. */
export interface Wire {
  request(op: LoadShape["op"], key: string, value: string): Buffer;
  /** A fresh counter for one connection; its `count` throws on an error reply. */
  counter(): { count(chunk: Buffer): number };
}

/** Distinct pre-encoded requests per run, cycled through. */
const POOL = 4096;

/**
 * Sends `ops` requests spread over the connections, with keys from `key()`, and resolves to requests
 * per second from the first send to the last reply. Rejects on an error reply.
 */
export async function driveLoad(address: Address, wire: Wire, shape: LoadShape, ops: number, key: () => string, value: string): Promise<number> {
  const pool = Array.from({ length: POOL }, () => wire.request(shape.op, key(), value));
  const sockets = await Promise.all(Array.from({ length: shape.connections }, () => open(address)));
  let unsent = ops;
  let next = 0;
  const take = (count: number): Buffer => {
    const frames: Buffer[] = [];
    for (let i = 0; i < count; i++) frames.push(pool[next++ % POOL]!);
    unsent -= count;
    return Buffer.concat(frames);
  };
  const started = performance.now();
  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise<void>((resolve, reject) => {
          const counter = wire.counter();
          let inFlight = Math.min(shape.pipeline, unsent);
          socket.write(take(inFlight));
          socket.on("data", (chunk: Buffer) => {
            let answered: number;
            try {
              answered = counter.count(chunk);
            } catch (error) {
              return reject(error as Error);
            }
            inFlight -= answered;
            const more = Math.min(answered, unsent);
            if (more > 0) {
              inFlight += more;
              socket.write(take(more));
            }
            if (inFlight === 0) resolve();
          });
          socket.on("error", reject);
        }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const socket of sockets) socket.destroy();
  return ops / seconds;
}

function open(address: Address): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(address.port, address.host, () => resolve(socket.setNoDelay(true)));
    socket.once("error", reject);
  });
}

/**
 * Counts replies that are a header and then, maybe, a body of a length the header gives. `header`
 * reads header bytes from `at` and returns where it stopped: when a header is complete it returns
 * the body's length (`body`), or -1 for a reply with no body.
 */
abstract class ReplyCounter {
  private bodyLeft = 0;
  protected abstract header(chunk: Buffer, at: number): { at: number; body?: number };

  count(chunk: Buffer): number {
    let replies = 0;
    for (let at = 0; at < chunk.length; ) {
      if (this.bodyLeft > 0) {
        const skipped = Math.min(this.bodyLeft, chunk.length - at);
        this.bodyLeft -= skipped;
        at += skipped;
        if (this.bodyLeft === 0) replies++;
        continue;
      }
      const read = this.header(chunk, at);
      at = read.at;
      if (read.body === undefined) continue;
      if (read.body <= 0) replies++;
      else this.bodyLeft = read.body;
    }
    return replies;
  }
}

// The bytes of the "error" key in a kvs reply: a reply that has them is an error.
const ERROR_KEY = Buffer.from([0xa5, ...Buffer.from("error")]);

/** kvs's frames: a 4-byte big-endian length, then the body. */
class FrameCounter extends ReplyCounter {
  private readonly prefix = Buffer.alloc(4);
  private prefixBytes = 0;

  override count(chunk: Buffer): number {
    if (chunk.includes(ERROR_KEY)) throw new Error(`kvs-server answered with an error: ${chunk.toString("latin1")}`);
    return super.count(chunk);
  }

  protected header(chunk: Buffer, at: number): { at: number; body?: number } {
    const copied = chunk.copy(this.prefix, this.prefixBytes, at, at + 4 - this.prefixBytes);
    this.prefixBytes += copied;
    if (this.prefixBytes < 4) return { at: at + copied };
    this.prefixBytes = 0;
    return { at: at + copied, body: this.prefix.readUInt32BE(0) };
  }
}

/** RESP replies to SET and GET: `+OK`, `$-1` (no such key), or `$n` and n bytes and \r\n. */
class RespCounter extends ReplyCounter {
  private line = "";

  protected header(chunk: Buffer, at: number): { at: number; body?: number } {
    const eol = chunk.indexOf(10, at);
    this.line += chunk.toString("latin1", at, eol === -1 ? chunk.length : eol + 1);
    if (eol === -1) return { at: chunk.length };
    const line = this.line;
    this.line = "";
    if (line[0] === "+") return { at: eol + 1, body: -1 };
    if (line[0] !== "$") throw new Error(`redis answered ${JSON.stringify(line)}`);
    const length = Number.parseInt(line.slice(1), 10);
    return { at: eol + 1, body: length < 0 ? -1 : length + 2 };
  }
}

/** kvs's protocol. */
export const kvsWire: Wire = {
  request: (op, key, value) => encodeFrame(op === "set" ? { id: 0, cmd: "set", key, value } : { id: 0, cmd: "get", key }),
  counter: () => new FrameCounter(),
};

/** redis's protocol (RESP): SET and GET as arrays of bulk strings. */
export const respWire: Wire = {
  request: (op, key, value) => {
    const parts = op === "set" ? ["SET", key, value] : ["GET", key];
    return Buffer.from(`*${parts.length}\r\n${parts.map((part) => `$${Buffer.byteLength(part)}\r\n${part}\r\n`).join("")}`);
  },
  counter: () => new RespCounter(),
};
