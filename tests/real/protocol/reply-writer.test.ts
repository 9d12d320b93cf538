// The reply writer: the bytes msgpackr would write for every reply the server sends, several
// replies in one buffer, and buffers already taken left alone as the slab grows.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeFrame, FrameDecoder, type Command, type Response } from "../../../src/real/protocol/index.js";
import { ReplyWriter } from "../../../src/real/protocol/reply-writer.js";

const id = fc.oneof(fc.nat({ max: 300 }), fc.nat(), fc.constantFrom(2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1));
const value = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 300 }), fc.string({ minLength: 20, maxLength: 70_000, unit: "binary" }));
type Reply = [Command | undefined, Response];
const pair = (cmd: Command | undefined, response: Response): Reply => [cmd, response];
/** A command and a reply the server could send for it, successes and errors. */
const reply: fc.Arbitrary<Reply> = fc.oneof(
  fc.tuple(fc.constant("get" as const), id, fc.option(fc.record({ value, version: id }))).map(([cmd, id, ok]) => pair(cmd, { id, ok })),
  fc.tuple(fc.constant("set" as const), id, id).map(([cmd, id, version]) => pair(cmd, { id, ok: { version } })),
  fc.tuple(fc.constant("put" as const), id, fc.constantFrom("OK", "ErrVersion", "ErrNoKey")).map(([cmd, id, err]) => pair(cmd, { id, ok: { err } })),
  fc.tuple(fc.constant("del" as const), id, fc.boolean()).map(([cmd, id, deleted]) => pair(cmd, { id, ok: { deleted } })),
  fc.tuple(fc.constantFrom("rm" as const, "where" as const, "shutdown" as const), id).map(([cmd, id]) => pair(cmd, { id, ok: null })),
  fc.tuple(fc.constant("where" as const), id, fc.nat({ max: 65535 })).map(([cmd, id, port]) => pair(cmd, { id, ok: { host: "127.0.0.1", port } })),
  fc.tuple(fc.constantFrom("get" as const, undefined), fc.option(id), value).map(([cmd, id, message]) => pair(cmd, { id, error: { code: "Internal", message } })),
);

describe("the reply writer", () => {
  it("writes the bytes encodeFrame writes, for every reply the server sends", () => {
    fc.assert(
      fc.property(reply, ([cmd, response]) => {
        const writer = new ReplyWriter();
        writer.add(cmd, response);
        expect(writer.take().equals(encodeFrame(response))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("takes the replies added since the last take, and never changes a buffer it has handed out", () => {
    fc.assert(
      fc.property(fc.array(fc.array(reply, { maxLength: 20 }), { maxLength: 10 }), (batches) => {
        const writer = new ReplyWriter();
        const taken: Array<[Buffer, Buffer]> = [];
        for (const batch of batches) {
          for (const [cmd, response] of batch) writer.add(cmd, response);
          expect(writer.pending).toBe(batch.reduce((bytes, [, response]) => bytes + encodeFrame(response).length, 0));
          const frames = writer.take();
          taken.push([frames, Buffer.from(frames)]);
          expect([...new FrameDecoder().push(frames)]).toEqual(batch.map(([, response]) => response));
        }
        for (const [frames, copy] of taken) expect(frames.equals(copy)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
