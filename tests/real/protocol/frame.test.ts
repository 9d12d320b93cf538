import { describe, expect, it } from "vitest";
import { encodeFrame, FrameDecoder, ProtocolError } from "../../../src/real/protocol/index.js";

function header(length: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(length);
  return buffer;
}

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof ProtocolError ? error.code : `not a ProtocolError: ${String(error)}`;
  }
  return undefined;
}

describe("framing", () => {
  it("a frame is a 4-byte big-endian length, then the MessagePack body", () => {
    const frame = encodeFrame({ id: 1, cmd: "get", key: "k" });
    expect(frame.readUInt32BE(0)).toBe(frame.length - 4);
    expect([...new FrameDecoder().push(frame)]).toEqual([{ id: 1, cmd: "get", key: "k" }]);
  });

  it("reassembles a frame delivered one byte at a time", () => {
    const message = { id: 7, cmd: "set", key: "k", value: "v".repeat(1000) };
    const frame = encodeFrame(message);
    const decoder = new FrameDecoder();
    const out: unknown[] = [];
    for (let i = 0; i < frame.length; i++) out.push(...decoder.push(frame.subarray(i, i + 1)));
    expect(out).toEqual([message]);
    expect(decoder.buffered).toBe(0);
  });

  it("decodes several frames in one chunk, and keeps a partial one for the next", () => {
    const messages = [1, 2, 3].map((id) => ({ id, cmd: "get", key: `k${id}` }));
    const bytes = Buffer.concat(messages.map(encodeFrame));
    const decoder = new FrameDecoder();
    const cut = bytes.length - 3;
    expect([...decoder.push(bytes.subarray(0, cut))]).toEqual(messages.slice(0, 2));
    expect(decoder.buffered).toBeGreaterThan(0);
    expect([...decoder.push(bytes.subarray(cut))]).toEqual(messages.slice(2));
  });

  it("an empty value and a large one survive the round trip", () => {
    const messages = [{ value: "" }, { value: "x".repeat(3 * 1024 * 1024) }];
    expect([...new FrameDecoder().push(Buffer.concat(messages.map(encodeFrame)))]).toEqual(messages);
  });

  it("rejects an oversize frame from its header alone, without waiting for the body", () => {
    expect(codeOf(() => [...new FrameDecoder(100).push(header(101))])).toBe("FrameTooLarge");
    expect([...new FrameDecoder(100).push(Buffer.concat([header(1), Buffer.from([0xc0])]))]).toEqual([null]);
  });

  it("yields the frames before a bad one, then throws", () => {
    const decoded: unknown[] = [];
    const code = codeOf(() => {
      for (const message of new FrameDecoder(100).push(Buffer.concat([encodeFrame("a"), encodeFrame("b"), header(101)]))) decoded.push(message);
    });
    expect([decoded, code]).toEqual([["a", "b"], "FrameTooLarge"]);
  });

  it("rejects a body that is not MessagePack", () => {
    // 0x92 announces an array of two elements; only one follows.
    expect(codeOf(() => [...new FrameDecoder().push(Buffer.concat([header(2), Buffer.from([0x92, 0x01])]))])).toBe("BadFrame");
  });
});

describe("the bytes docs/protocol.md shows", () => {
  it("set k v with id 1, and its reply", () => {
    const hex = (buffer: Buffer) => buffer.toString("hex").replace(/../g, "$& ").trim();
    expect(hex(encodeFrame({ id: 1, cmd: "set", key: "k", value: "v" }))).toBe("00 00 00 1b 84 a2 69 64 01 a3 63 6d 64 a3 73 65 74 a3 6b 65 79 a1 6b a5 76 61 6c 75 65 a1 76");
    expect(hex(encodeFrame({ id: 1, ok: { version: 1 } }))).toBe("00 00 00 12 82 a2 69 64 01 a2 6f 6b 81 a7 76 65 72 73 69 6f 6e 01");
  });
});
