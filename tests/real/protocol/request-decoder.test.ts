// The server's request decoder against the general way (msgpackr, then parseRequest, then the
// check that every string is UTF-8): the same request or the same error, for requests in every
// encoding, near-requests and plain garbage.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeMessage, decodeMessage } from "../../../src/real/protocol/frame.js";
import { parseRequest } from "../../../src/real/protocol/messages.js";
import { decodeRequest, parseGeneral } from "../../../src/real/protocol/request-decoder.js";
import { ProtocolError } from "../../../src/real/protocol/index.js";

type Outcome = { request: unknown } | { code: string; id: number | null; message: string };

function outcome(decode: () => unknown): Outcome {
  try {
    return { request: decode() };
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error;
    return { code: error.code, id: error.id, message: error.message };
  }
}

function expectSame(body: Buffer): void {
  expect(outcome(() => decodeRequest(body))).toEqual(outcome(() => parseGeneral(body)));
}

const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 40 }), fc.string({ minLength: 250, maxLength: 70_000, unit: "binary-ascii" }));
const anyValue = fc.oneof(text, fc.nat(), fc.maxSafeNat(), fc.integer({ min: -(2 ** 40), max: -1 }), fc.double(), fc.constant(null), fc.boolean(), fc.array(fc.nat(), { maxLength: 2 }));
const field = (good: fc.Arbitrary<unknown>) => fc.option(fc.oneof({ weight: 4, arbitrary: good }, { weight: 1, arbitrary: anyValue }), { nil: undefined, freq: 4 });
const command = fc.oneof(fc.constantFrom("get", "set", "put", "rm", "del", "where", "status", "shutdown"), fc.string({ maxLength: 8 }));
const uint = fc.oneof(fc.nat({ max: 200 }), fc.nat(), fc.constantFrom(2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1));
/** Objects shaped like requests: the protocol's fields, each maybe missing or of another type, and maybe a field it does not name. */
const requestLike = fc
  .record({ id: field(uint), cmd: field(command), key: field(text), value: field(text), version: field(uint), extra: fc.option(fc.tuple(fc.string({ maxLength: 9 }), anyValue), { nil: undefined, freq: 5 }) })
  .map(({ extra, ...fields }) => {
    const request: Record<string, unknown> = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
    if (extra !== undefined) request[extra[0]] = extra[1];
    return request;
  });

describe("the request decoder", () => {
  it("decodes what msgpackr and parseRequest decode, and fails as they fail, for request-like maps", () => {
    fc.assert(fc.property(requestLike, (request) => expectSame(encodeMessage(request))), { numRuns: 3000 });
  });

  it("agrees on bodies cut short, extended or with a byte changed", () => {
    const damaged = fc.tuple(requestLike, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom("cut", "extend", "change")).map(([request, at, byte, how]) => {
      const body = encodeMessage(request);
      const i = at % body.length;
      if (how === "cut") return body.subarray(0, i);
      if (how === "extend") return Buffer.concat([body, Buffer.from([byte])]);
      const changed = Buffer.from(body);
      changed[i] = byte;
      return changed;
    });
    fc.assert(fc.property(damaged, (body) => expectSame(body)), { numRuns: 5000 });
  });

  it("agrees on arbitrary bytes", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => expectSame(Buffer.from(bytes))), { numRuns: 3000 });
  });

  it("agrees on encodings msgpackr never writes: wider headers, duplicate fields, invalid UTF-8", () => {
    const str8 = (s: string) => Buffer.concat([Buffer.from([0xd9, Buffer.byteLength(s)]), Buffer.from(s)]);
    const fix = (s: string) => Buffer.concat([Buffer.from([0xa0 | Buffer.byteLength(s)]), Buffer.from(s)]);
    const bodies = [
      Buffer.concat([Buffer.from([0x83]), fix("id"), Buffer.from([0xce, 0, 0, 0, 7]), fix("cmd"), str8("get"), str8("key"), fix("k")]), // uint32 id, str8 strings and name
      Buffer.concat([Buffer.from([0x84]), fix("id"), Buffer.from([1]), fix("cmd"), fix("get"), fix("key"), fix("a"), fix("key"), fix("b")]), // key twice
      Buffer.concat([Buffer.from([0x83]), fix("id"), Buffer.from([1]), fix("cmd"), fix("get"), fix("key"), Buffer.from([0xa2, 0xc3, 0x28])]), // invalid UTF-8
      Buffer.concat([Buffer.from([0x83]), fix("id"), Buffer.from([0xcb, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0]), fix("cmd"), fix("get"), fix("key"), fix("k")]), // id 1 as a float64
      Buffer.concat([Buffer.from([0xde, 0, 3]), fix("id"), Buffer.from([1]), fix("cmd"), fix("get"), fix("key"), fix("k")]), // map16
    ];
    for (const body of bodies) expectSame(body);
    expect(decodeRequest(bodies[0]!)).toEqual({ id: 7, cmd: "get", key: "k" });
    // msgpackr alone reads the invalid UTF-8 as U+FFFD; the server refuses it.
    expect(parseRequest(decodeMessage(bodies[2]!))).toEqual({ id: 1, cmd: "get", key: "\ufffd(" });
    expect(outcome(() => decodeRequest(bodies[2]!))).toEqual({ code: "BadRequest", id: 1, message: "a string in the request is not UTF-8 (at byte 17 of the body): it would be stored changed" });
  });
});
