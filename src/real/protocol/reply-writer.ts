/**
 * Collects reply frames for one connection into a slab, so the replies of a tick leave as one
 * buffer without a Buffer per reply or a concatenation. The replies a data command gets on
 * success are encoded here directly, into the bytes msgpackr would produce (a map with `id` first,
 * the smallest header for every length, as frame.ts asks of msgpackr); every other reply (errors,
 * `where` with an address, an id or version of 2^32 or more) goes through msgpackr.
 */
import { encodeMessage, HEADER_BYTES } from "./frame.js";
import type { Command, Response } from "./messages.js";

const SLAB_BYTES = 64 << 10;

// Field names as MessagePack fixstrs.
const name = (text: string): Buffer => Buffer.from([0xa0 | text.length, ...Buffer.from(text)]);
const REPLY_HEAD = Buffer.concat([Buffer.from([0x82]), name("id")]); // {id, ok}: the id follows
const OK = name("ok");
const VALUE = Buffer.concat([Buffer.from([0x82]), name("value")]); // {value, version}
const VERSION_FIELD = name("version");
const VERSION = Buffer.concat([Buffer.from([0x81]), VERSION_FIELD]); // {version}
const ERR = Buffer.concat([Buffer.from([0x81]), name("err")]);
const DELETED = Buffer.concat([Buffer.from([0x81]), name("deleted")]);
const NIL = 0xc0;

export class ReplyWriter {
  private slab = Buffer.allocUnsafe(SLAB_BYTES);
  /** The first byte not yet taken. */
  private start = 0;
  private at = 0;

  /** Bytes added and not yet taken. */
  get pending(): number {
    return this.at - this.start;
  }

  /** Appends the frame of `response`, the reply to a `cmd` request (undefined: to none that could be read). */
  add(cmd: Command | undefined, response: Response): void {
    this.room(HEADER_BYTES + 32);
    // Counted from `start`, which stays put relative to the bytes when room() moves them.
    const frame = this.at - this.start;
    this.at += HEADER_BYTES;
    if (!this.encode(cmd, response)) {
      const body = encodeMessage(response);
      this.at = this.start + frame + HEADER_BYTES;
      this.room(body.length);
      this.at += body.copy(this.slab, this.at);
    }
    this.slab.writeUInt32BE(this.at - this.start - frame - HEADER_BYTES, this.start + frame);
  }

  /** The frames added since the last take, as one buffer that later adds leave alone. */
  take(): Buffer {
    const frames = this.slab.subarray(this.start, this.at);
    this.start = this.at;
    // A slab grown for a large reply is not kept for the small ones after it: it goes once written.
    if (this.slab.length > SLAB_BYTES) {
      this.slab = Buffer.allocUnsafe(SLAB_BYTES);
      this.start = this.at = 0;
    }
    return frames;
  }

  /** Encodes a success reply in the shape its command gives; false (and nothing certain written) for any other. */
  private encode(cmd: Command | undefined, response: Response): boolean {
    if (!("ok" in response) || !isUint32(response.id)) return false;
    const ok = response.ok as Record<string, unknown> | null;
    // Room for all but a string's bytes was made by add().
    this.bytes(REPLY_HEAD);
    this.uint(response.id);
    this.bytes(OK);
    if (ok === null) {
      this.slab[this.at++] = NIL;
      return true;
    }
    switch (cmd) {
      case "get":
        if (typeof ok.value !== "string" || !isUint32(ok.version)) return false;
        this.bytes(VALUE);
        this.string(ok.value);
        this.room(16);
        this.bytes(VERSION_FIELD);
        this.uint(ok.version);
        return true;
      case "set":
        if (!isUint32(ok.version)) return false;
        this.bytes(VERSION);
        this.uint(ok.version);
        return true;
      case "put":
        if (typeof ok.err !== "string") return false;
        this.bytes(ERR);
        this.string(ok.err);
        return true;
      case "del":
        if (typeof ok.deleted !== "boolean") return false;
        this.bytes(DELETED);
        this.slab[this.at++] = ok.deleted ? 0xc3 : 0xc2;
        return true;
      default:
        return false;
    }
  }

  /** Makes room for `more` bytes after `at`, moving what is not taken yet to a new slab if need be. */
  private room(more: number): void {
    if (this.at + more <= this.slab.length) return;
    const kept = this.at - this.start;
    const next = Buffer.allocUnsafe(Math.max(SLAB_BYTES, 2 * (kept + more)));
    this.slab.copy(next, 0, this.start, this.at);
    this.slab = next;
    this.start = 0;
    this.at = kept;
  }

  private bytes(bytes: Buffer): void {
    this.at += bytes.copy(this.slab, this.at);
  }

  /** The smallest encoding of an unsigned integer under 2^32 (room for 5 bytes already made). */
  private uint(n: number): void {
    const slab = this.slab;
    if (n < 0x80) slab[this.at++] = n;
    else if (n < 0x100) (slab[this.at++] = 0xcc), (slab[this.at++] = n);
    else if (n < 0x10000) (slab[this.at++] = 0xcd), (this.at = slab.writeUInt16BE(n, this.at));
    else (slab[this.at++] = 0xce), (this.at = slab.writeUInt32BE(n, this.at));
  }

  /** A string with the smallest header for its UTF-8 length, written once and moved if the header grows. */
  private string(text: string): void {
    this.room(5 + 3 * text.length);
    // UTF-8 takes at least a byte per UTF-16 unit, so the header is at least this size.
    const header = text.length < 0x20 ? 1 : text.length < 0x100 ? 2 : text.length < 0x10000 ? 3 : 5;
    const length = this.slab.write(text, this.at + header);
    const needed = length < 0x20 ? 1 : length < 0x100 ? 2 : length < 0x10000 ? 3 : 5;
    if (needed > header) this.slab.copyWithin(this.at + needed, this.at + header, this.at + header + length);
    const slab = this.slab;
    if (needed === 1) slab[this.at] = 0xa0 | length;
    else if (needed === 2) (slab[this.at] = 0xd9), (slab[this.at + 1] = length);
    else if (needed === 3) (slab[this.at] = 0xda), slab.writeUInt16BE(length, this.at + 1);
    else (slab[this.at] = 0xdb), slab.writeUInt32BE(length, this.at + 1);
    this.at += needed + length;
  }
}

function isUint32(n: unknown): n is number {
  return typeof n === "number" && n >>> 0 === n;
}
