import fc from "fast-check";
import { Packr } from "msgpackr";
import { describe, expect, it } from "vitest";
import { invalidUtf8At, loneSurrogateAt } from "../../../src/real/protocol/utf8.js";

// A packer that writes every kind of MessagePack value: bin, ext (Date as a timestamp), 64-bit integers.
const packr = new Packr({ useRecords: false, moreTypes: false, variableMapSize: true, useBigIntExtension: false, largeBigIntToFloat: false });

const scalar = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ minLength: 32, maxLength: 300, unit: "binary-ascii" }),
  fc.constantFrom("x".repeat(70_000)),
  fc.integer(),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
  fc.double(),
  fc.float().map((n) => new Float32Array([n])[0]),
  fc.boolean(),
  fc.constant(null),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  fc.date({ noInvalidDate: true }),
);
const value = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: "small" }, scalar, fc.array(tie("any"), { maxLength: 20 }), fc.dictionary(fc.string({ maxLength: 5 }), tie("any"), { maxKeys: 20 })),
})).any;

/** Invalid UTF-8 strings: a lone byte 0xff, a surrogate encoded on its own, a sequence cut short; in fixstr and str8. */
const invalid = fc.constantFrom([0xa1, 0xff], [0xa3, 0xed, 0xa0, 0x80], [0xa2, 0xc3, 0x28], [0xd9, 0x02, 0xe2, 0x82]).map((bytes) => Buffer.from(bytes));

describe("invalidUtf8At: the first string of a MessagePack value that is not UTF-8", () => {
  it("finds none in any value msgpackr writes from well-formed strings", () => {
    fc.assert(fc.property(value, (v) => {
          expect(invalidUtf8At(packr.pack(v))).toBeUndefined();
        }), { numRuns: 1000 });
  });

  it("finds an invalid string after any value, at its head: the walk skips every kind of value exactly", () => {
    fc.assert(
      fc.property(value, invalid, (v, bad) => {
        const before = packr.pack(v);
        const body = Buffer.concat([Buffer.from([0x93]), before, bad, packr.pack("ok")]);
        expect(invalidUtf8At(body)).toBe(1 + before.length);
      }),
      { numRuns: 1000 },
    );
  });

  it("finds one as a map's key or inside str16 and str32; stops without a verdict on a body cut short", () => {
    expect(invalidUtf8At(Buffer.from([0x81, 0xa1, 0xff, 0x01]))).toBe(1);
    expect(invalidUtf8At(Buffer.concat([Buffer.from([0xda, 0x01, 0x00]), Buffer.alloc(255, 0x61), Buffer.from([0xff])]))).toBe(0);
    expect(invalidUtf8At(Buffer.concat([Buffer.from([0xdb, 0, 0, 0, 2, 0xc3, 0x28])]))).toBe(0);
    expect(invalidUtf8At(Buffer.from([0xa5, 0xff]))).toBeUndefined();
    expect(invalidUtf8At(Buffer.from([0xdb, 0, 0]))).toBeUndefined();
    expect(invalidUtf8At(Buffer.from([0xdc, 0x00, 0x02, 0xa1, 0x61, 0xa1, 0xff]))).toBe(5);
    expect(invalidUtf8At(Buffer.from([0xdf, 0, 0, 0, 1, 0xa1, 0x61, 0xa1, 0xff]))).toBe(7);
  });
});

describe("loneSurrogateAt", () => {
  it("finds a high surrogate without its low half, or a low one alone; pairs are fine", () => {
    expect(loneSurrogateAt("a\ud800b")).toBe(1);
    expect(loneSurrogateAt("\udc00")).toBe(0);
    expect(loneSurrogateAt("a😀\ud83d")).toBe(3);
    expect(loneSurrogateAt("😀\ufffd")).toBeUndefined();
  });

  it("agrees with a UTF-8 round trip on any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 30 }), (text) => {
          expect(loneSurrogateAt(text) === undefined).toBe(Buffer.from(text).toString() === text);
        }),
      );
  });
});
