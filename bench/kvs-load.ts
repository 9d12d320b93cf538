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

// The bytes of the "error" key in a kvs reply: a reply that has them is an error.
const ERROR_KEY = Buffer.from([0xa5, ...Buffer.from("error")]);

/** kvs's protocol: frames counted by their 4-byte length prefixes. */
export const kvsWire: Wire = {
  request: (op, key, value) => encodeFrame(op === "set" ? { id: 0, cmd: "set", key, value } : { id: 0, cmd: "get", key }),
  counter: () => {
    const header = Buffer.alloc(4);
    let headerBytes = 0;
    let bodyLeft = 0;
    return {
      count(chunk) {
        if (chunk.includes(ERROR_KEY)) throw new Error(`kvs-server answered with an error: ${chunk.toString("latin1")}`);
        let frames = 0;
        for (let at = 0; at < chunk.length; ) {
          if (bodyLeft > 0) {
            const skipped = Math.min(bodyLeft, chunk.length - at);
            bodyLeft -= skipped;
            at += skipped;
            if (bodyLeft === 0) frames++;
            continue;
          }
          const copied = chunk.copy(header, headerBytes, at, at + 4 - headerBytes);
          headerBytes += copied;
          at += copied;
          if (headerBytes === 4) {
            headerBytes = 0;
            bodyLeft = header.readUInt32BE(0);
            if (bodyLeft === 0) frames++;
          }
        }
        return frames;
      },
    };
  },
};

/** redis's protocol (RESP): SET/GET as arrays of bulk strings; replies `+OK`, `$n` + body, `$-1`. */
export const respWire: Wire = {
  request: (op, key, value) => {
    const parts = op === "set" ? ["SET", key, value] : ["GET", key];
    return Buffer.from(`*${parts.length}\r\n${parts.map((part) => `$${Buffer.byteLength(part)}\r\n${part}\r\n`).join("")}`);
  },
  counter: () => {
    let line = "";
    let bodyLeft = 0;
    return {
      count(chunk) {
        let replies = 0;
        for (let at = 0; at < chunk.length; ) {
          if (bodyLeft > 0) {
            const skipped = Math.min(bodyLeft, chunk.length - at);
            bodyLeft -= skipped;
            at += skipped;
            if (bodyLeft === 0) replies++;
            continue;
          }
          const eol = chunk.indexOf(10, at);
          line += chunk.toString("latin1", at, eol === -1 ? chunk.length : eol + 1);
          if (eol === -1) break;
          at = eol + 1;
          const kind = line[0];
          if (kind !== "+" && kind !== "$") throw new Error(`redis answered ${JSON.stringify(line)}`);
          // +OK, and $-1 (no such key), are whole replies; $n is followed by n bytes and \r\n.
          const length = kind === "$" ? Number.parseInt(line.slice(1), 10) : -1;
          line = "";
          if (length < 0) replies++;
          else bodyLeft = length + 2;
        }
        return replies;
      },
    };
  },
};
