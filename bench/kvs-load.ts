// A load generator for kvs-server that costs the client about as little as redis-benchmark costs
// redis: requests are encoded once up front, and replies are counted by their length prefixes
// rather than decoded. Measured with the client library instead, the Node client saturates its
// core before the server does (the profile shows the server idle 40% of the time), and the figure
// would be the client's.
import { connect, type Socket } from "node:net";
import { encodeFrame, type Address } from "../src/real/protocol/index.js";

export interface LoadShape {
  connections: number;
  /** Requests each connection keeps in flight (1: wait for each reply before the next). */
  pipeline: number;
  op: "set" | "get";
}

/** Distinct pre-encoded requests per run, cycled through. */
const POOL = 4096;
// The bytes of the "error" key in a reply: a reply that has them is an error.
const ERROR_KEY = Buffer.from([0xa5, ...Buffer.from("error")]);

/**
 * Sends `ops` requests spread over the connections, `key(i)` / `value` for the i-th, and resolves
 * to requests per second from the first send to the last reply. Rejects on an error reply.
 */
export async function driveLoad(address: Address, shape: LoadShape, ops: number, key: (n: number) => string, value: string): Promise<number> {
  const pool = Array.from({ length: POOL }, (_, i) => encodeFrame(shape.op === "set" ? { id: i, cmd: "set", key: key(i), value } : { id: i, cmd: "get", key: key(i) }));
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
          const counter = new ReplyCounter();
          let inFlight = Math.min(shape.pipeline, unsent);
          socket.write(take(inFlight));
          socket.on("data", (chunk: Buffer) => {
            if (chunk.includes(ERROR_KEY)) return reject(new Error(`kvs-server answered with an error: ${chunk.toString("latin1")}`));
            const answered = counter.count(chunk);
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

/** Counts the frames completed in a stream of chunks from their 4-byte length prefixes. */
class ReplyCounter {
  private readonly header = Buffer.alloc(4);
  private headerBytes = 0;
  private bodyLeft = 0;

  count(chunk: Buffer): number {
    let frames = 0;
    for (let at = 0; at < chunk.length; ) {
      if (this.bodyLeft > 0) {
        const skipped = Math.min(this.bodyLeft, chunk.length - at);
        this.bodyLeft -= skipped;
        at += skipped;
        if (this.bodyLeft === 0) frames++;
        continue;
      }
      const copied = chunk.copy(this.header, this.headerBytes, at, at + 4 - this.headerBytes);
      this.headerBytes += copied;
      at += copied;
      if (this.headerBytes === 4) {
        this.headerBytes = 0;
        this.bodyLeft = this.header.readUInt32BE(0);
        if (this.bodyLeft === 0) frames++;
      }
    }
    return frames;
  }
}
