/**
 * The pair's keys and values as the protocol carries them. Keys are uint32s, sent as their decimal
 * text; values are bytes, sent and stored as latin1 text (one character per byte, so any bytes
 * round-trip exactly; bytes from 0x80 up cost two on the wire and on disk, since the protocol's
 * strings are UTF-8). Arguments are checked here, before anything is sent.
 */

/** The key as the protocol's string; a RangeError for anything but an integer 0 … 2³²−1. */
export function keyText(key: number): string {
  if (!Number.isInteger(key) || key < 0 || key > 0xffff_ffff) throw new RangeError(`key must be a uint32 (an integer from 0 to 4294967295), got ${String(key)}`);
  return String(key);
}

/** The value as the protocol's string; a TypeError for anything but bytes (a Uint8Array, a Buffer). */
export function valueText(value: Uint8Array): string {
  if (!(value instanceof Uint8Array)) throw new TypeError(`value must be bytes (a Uint8Array or Buffer), got ${Object.prototype.toString.call(value as unknown)}`);
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("latin1");
}

/** A stored value back as bytes. */
export function valueBytes(text: string): Buffer {
  return Buffer.from(text, "latin1");
}

/** A read's length limit; a RangeError for anything but an integer 0 … 2³²−1. */
export function checkLength(maxLength: number): number {
  if (!Number.isInteger(maxLength) || maxLength < 0 || maxLength > 0xffff_ffff) throw new RangeError(`maxLength must be a uint32, got ${String(maxLength)}`);
  return maxLength;
}
