import { isUtf8 } from "node:buffer";

/**
 * The protocol's strings are MessagePack strings: UTF-8. UTF-8 cannot carry a lone surrogate (half
 * of a UTF-16 pair), and a decoder given bytes that are not UTF-8 replaces them with U+FFFD, so a
 * value holding either would come back changed, without a word. Both ends refuse such strings
 * instead: a sender before sending (`loneSurrogateAt`), a receiver on reading (`invalidUtf8At`).
 */

/** A high surrogate not followed by a low one, or a low one not after a high one (code units: no `u` flag). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Where the first lone surrogate in `text` is; undefined when `text` is well-formed UTF-16. */
export function loneSurrogateAt(text: string): number | undefined {
  return LONE_SURROGATE.exec(text)?.index;
}

/** Bytes after a head byte that give a length or count (1, 2 or 4), and how many more bytes of the head follow. */
type Head = readonly [kind: "skip" | "str" | "array" | "map", lengthBytes: number, extraBytes: number];

// The heads whose size is not in the head byte itself (MessagePack's format table, 0xc4 to 0xdf).
const HEADS: Readonly<Record<number, Head>> = {
  0xc4: ["skip", 1, 0], 0xc5: ["skip", 2, 0], 0xc6: ["skip", 4, 0], // bin
  0xc7: ["skip", 1, 1], 0xc8: ["skip", 2, 1], 0xc9: ["skip", 4, 1], // ext: a type byte, then the data
  0xd9: ["str", 1, 0], 0xda: ["str", 2, 0], 0xdb: ["str", 4, 0],
  0xdc: ["array", 2, 0], 0xdd: ["array", 4, 0], 0xde: ["map", 2, 0], 0xdf: ["map", 4, 0],
};

/** Bytes of the values whose size the head byte tells: floats, integers, fixext (0xca to 0xd8). */
const FIXED: Readonly<Record<number, number>> = { 0xca: 5, 0xcb: 9, 0xcc: 2, 0xcd: 3, 0xce: 5, 0xcf: 9, 0xd0: 2, 0xd1: 3, 0xd2: 5, 0xd3: 9, 0xd4: 3, 0xd5: 4, 0xd6: 6, 0xd7: 10, 0xd8: 18 };

/**
 * Where the first string in the MessagePack value `body` that is not valid UTF-8 begins (its head's
 * offset); undefined when every string is valid. Walks the bytes without decoding, in one pass
 * and no recursion; a body that ends early or is malformed stops the walk (decoding it says why).
 */
export function invalidUtf8At(body: Buffer): number | undefined {
  let at = 0;
  for (let values = 1; values > 0 && at < body.length; values--) {
    const head = body[at]!;
    if (head <= 0x7f || head >= 0xe0 || (head >= 0xc0 && head <= 0xc3)) at += 1;
    else if (head <= 0x8f) (values += 2 * (head & 0x0f)), (at += 1);
    else if (head <= 0x9f) (values += head & 0x0f), (at += 1);
    else if (head <= 0xbf) {
      const end = at + 1 + (head & 0x1f);
      if (end > body.length) return undefined;
      if (!isUtf8(body.subarray(at + 1, end))) return at;
      at = end;
    } else if (FIXED[head] !== undefined) at += FIXED[head];
    else {
      const [kind, lengthBytes, extraBytes] = HEADS[head]!;
      if (at + 1 + lengthBytes > body.length) return undefined;
      const length = body.readUIntBE(at + 1, lengthBytes);
      const start = at + 1 + lengthBytes + extraBytes;
      if (kind === "array") (values += length), (at = start);
      else if (kind === "map") (values += 2 * length), (at = start);
      else {
        if (start + length > body.length) return undefined;
        if (kind === "str" && !isUtf8(body.subarray(start, start + length))) return at;
        at = start + length;
      }
    }
  }
  return undefined;
}
