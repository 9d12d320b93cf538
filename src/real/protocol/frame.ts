import { Packr } from "msgpackr";
import { ProtocolError } from "./errors.js";

/** The largest frame body either side accepts: values of a few MiB pass, a runaway length does not. */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** The length prefix: a 4-byte big-endian unsigned count of the body's bytes. */
export const HEADER_BYTES = 4;

// Plain maps and arrays only (no msgpackr records or structures), with the smallest map headers,
// so any MessagePack library can speak the protocol and a small request stays small.
const packr = new Packr({ useRecords: false, moreTypes: false, variableMapSize: true });

/** One frame: the length prefix, then `message` as MessagePack. */
export function encodeFrame(message: unknown): Buffer {
  const body = encodeMessage(message);
  const frame = Buffer.allocUnsafe(HEADER_BYTES + body.length);
  frame.writeUInt32BE(body.length, 0);
  body.copy(frame, HEADER_BYTES);
  return frame;
}

/** `message` as MessagePack, without the length prefix. */
export function encodeMessage(message: unknown): Buffer {
  return packr.pack(message);
}

/**
 * Cuts a byte stream into frames and decodes their bodies. A chunk may hold part of a frame or
 * several frames; `push` yields every message it completes, in order, and throws a
 * `ProtocolError` where the stream goes wrong (`FrameTooLarge` as soon as a header announces too
 * many bytes, without waiting for them; `BadFrame` for a body that is not one MessagePack value),
 * so the messages before a bad frame are still delivered. After an error the stream is unusable.
 *
 * @example
 * const decoder = new FrameDecoder();
 * socket.on("data", (chunk) => { for (const message of decoder.push(chunk)) handle(message); });
 */
export class FrameDecoder {
  // Chunks not yet decoded, joined only once they hold the frame the header asked for, so a large
  // frame arriving in many chunks is copied once, not once per chunk.
  private chunks: Buffer[] = [];
  private total = 0;
  private needed = HEADER_BYTES;

  constructor(private readonly maxFrameBytes = MAX_FRAME_BYTES) {}

  *push(chunk: Buffer): Generator<unknown, void, undefined> {
    for (const body of this.bodies(chunk)) yield decodeMessage(body);
  }

  /**
   * Like `push`, but yields each frame's body undecoded, for a caller with a decoder of its own
   * (the server's, for requests). A body is a view of the received bytes, not a copy.
   */
  *bodies(chunk: Buffer): Generator<Buffer, void, undefined> {
    this.chunks.push(chunk);
    this.total += chunk.length;
    if (this.total < this.needed) return;
    let buffer = this.chunks.length === 1 ? chunk : Buffer.concat(this.chunks, this.total);
    this.chunks = [buffer];
    while (buffer.length >= HEADER_BYTES) {
      const length = buffer.readUInt32BE(0);
      if (length > this.maxFrameBytes) {
        throw new ProtocolError("FrameTooLarge", `frame of ${length} bytes is over the limit of ${this.maxFrameBytes}`);
      }
      this.needed = HEADER_BYTES + length;
      if (buffer.length < this.needed) return;
      const body = buffer.subarray(HEADER_BYTES, this.needed);
      // The state moves past the frame before it is handed out, whatever the caller does next.
      buffer = buffer.subarray(this.needed);
      this.chunks = buffer.length === 0 ? [] : [buffer];
      this.total = buffer.length;
      this.needed = HEADER_BYTES;
      yield body;
    }
  }

  /** Bytes received that do not yet make a whole frame. */
  get buffered(): number {
    return this.total;
  }
}

/** The MessagePack value in `body`; a `BadFrame` ProtocolError when it is not exactly one. */
export function decodeMessage(body: Buffer): unknown {
  try {
    return packr.unpack(body);
  } catch (error) {
    throw new ProtocolError("BadFrame", `frame body is not MessagePack: ${(error as Error).message}`);
  }
}
