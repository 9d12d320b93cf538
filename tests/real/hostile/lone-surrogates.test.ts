import { createServer, type AddressInfo, type Server } from "node:net";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ClientError, KvsClient } from "../../../src/real/client/index.js";
import { encodeFrame, formatAddress, type Address } from "../../../src/real/protocol/index.js";
import { KvsServer } from "../../../src/real/server/index.js";
import { ImmediateMemoryEngine } from "../support/memory-engine.js";
import { RawSocket } from "../support/raw-socket.js";
import { kvsClient } from "../support/processes.js";
import { frameOf } from "./attack.js";

// The protocol's strings are UTF-8, which cannot carry a lone surrogate: sent as it was, it came
// back as U+FFFD, silently. Every string round-trips exactly or is refused, in both directions:
// the client refuses to send one (nothing is sent), the server refuses a string that is not UTF-8
// (BadRequest, nothing stored), and the client refuses a reply that holds one (BadFrame).
const engine = new ImmediateMemoryEngine();
const server = new KvsServer(engine, pino({ level: "silent" }));
let address: Address;
let fake: Server | undefined;
beforeAll(async () => {
  address = await server.listen({ host: "127.0.0.1", port: 0 });
});
afterAll(() => server.stop());
afterEach(() => fake?.close());

const fix = (bytes: number[]) => Buffer.from([0xa0 | bytes.length, ...bytes]);
const text = (s: string) => fix([...Buffer.from(s)]);
/** A surrogate encoded on its own (CESU-8 / WTF-8 style): what a lone \ud800 becomes in a naive encoder. */
const SURROGATE_BYTES = [0xed, 0xa0, 0x80];

async function refused(promise: Promise<unknown>): Promise<[string, string]> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof ClientError)) throw new Error(`expected a ClientError, got ${String(error)}`);
  return [error.code, error.message];
}

/** A server that answers every request with a get reply whose value is `valueBytes` (a str), as raw bytes. */
async function replyingWith(valueBytes: Buffer): Promise<Address> {
  const body = Buffer.concat([Buffer.from([0x82]), text("id"), Buffer.from([1]), text("ok"), Buffer.from([0x82]), text("value"), valueBytes, text("version"), Buffer.from([1])]);
  fake = createServer((socket) => socket.once("data", () => socket.write(frameOf(body))));
  await new Promise<void>((resolve) => fake!.listen(0, "127.0.0.1", resolve));
  return { host: "127.0.0.1", port: (fake.address() as AddressInfo).port };
}

describe("lone surrogates and strings that are not UTF-8", () => {
  it("the library client refuses a key or value with a lone surrogate, naming it, and sends nothing", async () => {
    const client = await KvsClient.connect(address);
    expect(await refused(client.set("k1", "a\ud800b"))).toEqual(["BadRequest", "the value holds a lone surrogate (\\ud800) at index 1: the protocol's strings are UTF-8, which cannot carry one; nothing was sent"]);
    expect(await refused(client.put("\udfffk", "v", 0))).toEqual(["BadRequest", "the key holds a lone surrogate (\\udfff) at index 0: the protocol's strings are UTF-8, which cannot carry one; nothing was sent"]);
    expect(engine.data.size).toBe(0);
    // The connection goes on; well-formed text, surrogate pairs and U+FFFD itself included, round-trips exactly.
    const exact = "😀 \ufffd é \u0000 𝄞";
    expect(await client.set("k1", exact)).toBe(1);
    expect(await client.get("k1")).toEqual({ value: exact, version: 1 });
    await client.close();
  });

  it("the server refuses a string that is not UTF-8 with BadRequest, stores nothing, and serves on", async () => {
    for (const value of [fix(SURROGATE_BYTES), fix([0xff]), Buffer.from([0xd9, 2, 0xc3, 0x28])]) {
      const socket = await RawSocket.open(address);
      socket.send(frameOf(Buffer.concat([Buffer.from([0x84]), text("id"), Buffer.from([5]), text("cmd"), text("set"), text("key"), text("k2"), text("value"), value])));
      await socket.closed;
      expect(socket.replies).toEqual([{ id: 5, error: { code: "BadRequest", message: "a string in the request is not UTF-8 (at byte 26 of the body): it would be stored changed" } }]);
    }
    expect(engine.data.has("k2")).toBe(false);
    const socket = await RawSocket.open(address);
    socket.send(encodeFrame({ id: 6, cmd: "get", key: "k1" }));
    expect((await socket.waitFor(1))[0]).toMatchObject({ id: 6, ok: { version: 1 } });
    socket.destroy();
  });

  it("the library client refuses a reply holding a string that is not UTF-8 (BadFrame), rather than read U+FFFD", async () => {
    const client = await KvsClient.connect(await replyingWith(fix(SURROGATE_BYTES)));
    const [code, message] = await refused(client.get("k"));
    expect(code).toBe("BadFrame");
    expect(message).toMatch(/sent a bad frame: a reply holds a string that is not UTF-8 \(at byte 15 of its body\), which would read back changed$/);
    await client.close();
  });

  it("kvs-client: set and get round-trip any well-formed text exactly; a reply that is not UTF-8 is one line and exit 1", async () => {
    const addr = formatAddress(address);
    const exact = "😀 \ufffd é 𝄞";
    expect(await kvsClient(["set", "k3", exact, "--addr", addr])).toMatchObject({ status: 0, stdout: "" });
    expect(await kvsClient(["get", "k3", "--addr", addr])).toMatchObject({ status: 0, stdout: `${exact}\n` });
    const bad = await kvsClient(["get", "k", "--addr", formatAddress(await replyingWith(fix(SURROGATE_BYTES)))]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^kvs-client: 127\.0\.0\.1:\d+ sent a bad frame: a reply holds a string that is not UTF-8 \(at byte 15 of its body\), which would read back changed\n$/);
  });
});
