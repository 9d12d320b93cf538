import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ClientError, KvsClient } from "../../../src/real/client/index.js";
import { encodeFrame, type Address } from "../../../src/real/protocol/index.js";
import { KvsServer } from "../../../src/real/server/index.js";
import { ImmediateMemoryEngine, MemoryEngine } from "../support/memory-engine.js";
import { RawSocket } from "../support/raw-socket.js";

// Every test runs on an engine whose calls resolve later (the server's general way) and on one
// that answers gets and sets at once (its immediate way, as on kvs).
describe.each([
  ["an engine that answers later", MemoryEngine],
  ["an engine that answers at once", ImmediateMemoryEngine],
] as const)("on %s", (_, Engine) => {
  let engine: MemoryEngine;
  let server: KvsServer;
  let address: Address;
  const opened: { close(): unknown; destroy?(): unknown }[] = [];

  beforeEach(async () => {
    engine = new Engine();
    server = new KvsServer(engine, pino({ level: "silent" }));
    address = await server.listen({ host: "127.0.0.1", port: 0 });
  });

  afterEach(async () => {
    for (const socket of opened.splice(0)) socket.destroy?.() ?? socket.close();
    await server.stop();
  });

  async function client(): Promise<KvsClient> {
    const connected = await KvsClient.connect(address);
    opened.push(connected);
    return connected;
  }

  async function raw(): Promise<RawSocket> {
    const socket = await RawSocket.open(address);
    opened.push({ close: () => socket.destroy(), destroy: () => socket.destroy() });
    return socket;
  }

  function header(length: number): Buffer {
    const buffer = Buffer.alloc(4);
    buffer.writeUInt32BE(length);
    return buffer;
  }

  async function failure(promise: Promise<unknown>): Promise<ClientError> {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    if (!(error instanceof ClientError)) throw new Error(`expected a ClientError, got ${String(error)}`);
    return error;
  }

  describe("kvs server: commands", () => {
    it("get, set, put and rm do what the engine says", async () => {
      const kv = await client();
      expect(await kv.get("k")).toBeNull();
      expect(await kv.set("k", "a")).toBe(1);
      expect(await kv.get("k")).toEqual({ value: "a", version: 1 });
      expect(await kv.put("k", "b", 1)).toBe("OK");
      expect(await kv.put("k", "c", 1)).toBe("ErrVersion");
      expect(await kv.put("missing", "c", 3)).toBe("ErrNoKey");
      expect(await kv.get("k")).toEqual({ value: "b", version: 2 });
      await kv.rm("k");
      const error = await failure(kv.rm("k"));
      expect([error.code, error.message]).toEqual(["KeyNotFound", "Key not found"]);
    });

    it("del deletes only the version named; where says data is served here; status is not", async () => {
      const kv = await client();
      await kv.set("k", "a");
      await kv.set("k", "b");
      expect(await kv.del("k", 1)).toBe(false);
      expect(await kv.get("k")).toEqual({ value: "b", version: 2 });
      expect(await kv.del("k", 2)).toBe(true);
      expect(await kv.get("k")).toBeNull();
      expect(await kv.del("k", 2)).toBe(false);
      expect(await kv.where()).toBeNull();
      expect((await failure(kv.status())).code).toBe("Unsupported");
      expect(await kv.set("k", "c")).toBe(1); // the connection stays open
    });

    it("an engine error is an Internal error reply and the connection stays up", async () => {
      const kv = await client();
      engine.failure = new Error("disk on fire");
      const error = await failure(kv.set("k", "v"));
      expect([error.code, error.message]).toEqual(["Internal", "disk on fire"]);
      engine.failure = undefined;
      expect(await kv.set("k", "v")).toBe(1);
    });
  });

  describe("kvs server: pipelining", () => {
    it("answers many requests sent at once on one connection, in request order, each with its id", async () => {
      const socket = await raw();
      const requests = Array.from({ length: 500 }, (_, i) => (i % 2 === 0 ? { id: i + 1, cmd: "set", key: `k${i % 7}`, value: `v${i}` } : { id: i + 1, cmd: "get", key: `k${(i - 1) % 7}` }));
      socket.send(Buffer.concat(requests.map(encodeFrame)));
      const replies = await socket.waitFor(requests.length);
      expect(replies.map((reply) => reply.id)).toEqual(requests.map((request) => request.id));
      // Each get follows the set just before it on the same connection, so it reads that value.
      for (let i = 1; i < replies.length; i += 2) expect(replies[i]).toMatchObject({ ok: { value: `v${i - 1}` } });
    });

    it("a client that sends its requests and ends its side still gets every reply", async () => {
      const socket = await raw();
      socket.send(Buffer.concat([1, 2, 3].map((id) => encodeFrame({ id, cmd: "set", key: `h${id}`, value: "v" }))));
      socket.end();
      await socket.closed;
      expect(socket.replies).toEqual([1, 2, 3].map((id) => ({ id, ok: { version: 1 } })));
    });

    it("a client's concurrent calls share one connection and each gets its own result", async () => {
      const kv = await client();
      await Promise.all(Array.from({ length: 200 }, (_, i) => kv.set(`k${i}`, `v${i}`)));
      const values = await Promise.all(Array.from({ length: 200 }, (_, i) => kv.get(`k${i}`)));
      expect(values.map((found) => found?.value)).toEqual(Array.from({ length: 200 }, (_, i) => `v${i}`));
    });
  });

  describe("kvs server: bad input closes only that connection", () => {
    async function rejectedWith(bytes: Buffer): Promise<{ code: string; id: number | null }> {
      const bystander = await client();
      await bystander.set("before", "1");
      const socket = await raw();
      socket.send(bytes);
      const [reply] = await socket.waitFor(1);
      await socket.closed;
      // The server still serves everyone else.
      expect(await bystander.get("before")).toMatchObject({ value: "1" });
      const fresh = await client();
      expect(await fresh.get("before")).toMatchObject({ value: "1" });
      if (reply === undefined || !("error" in reply)) throw new Error(`expected an error reply, got ${JSON.stringify(reply)}`);
      return { code: reply.error.code, id: reply.id };
    }

    it("garbage bytes", async () => {
      expect(await rejectedWith(Buffer.from("GET / HTTP/1.1\r\nHost: example\r\n\r\n"))).toEqual({ code: "FrameTooLarge", id: null });
    });

    it("a frame whose body is not MessagePack", async () => {
      expect(await rejectedWith(Buffer.concat([header(2), Buffer.from([0x92, 0x01])]))).toEqual({ code: "BadFrame", id: null });
    });

    it("an oversize frame, answered from its header alone", async () => {
      expect(await rejectedWith(header(64 * 1024 * 1024))).toEqual({ code: "FrameTooLarge", id: null });
    });

    it("an unknown command, answered with the request's id", async () => {
      expect(await rejectedWith(encodeFrame({ id: 9, cmd: "flushall" }))).toEqual({ code: "BadRequest", id: 9 });
    });

    it("a command that is no string nor JSON text (a 64-bit integer decodes to a BigInt), without bringing the server down", async () => {
      // {id: 0, cmd: int64, key: "    "}: found by the request decoder's property test.
      const body = Buffer.from("83a2696400a3636d64d320a36b6579a420202020", "hex");
      const frame = Buffer.concat([header(body.length), body]);
      expect(await rejectedWith(frame)).toEqual({ code: "BadRequest", id: 0 });
    });

    it("a request without an id, or with a field of the wrong type", async () => {
      expect(await rejectedWith(encodeFrame({ cmd: "get", key: "k" }))).toEqual({ code: "BadRequest", id: null });
      expect(await rejectedWith(encodeFrame({ id: 3, cmd: "put", key: "k", value: "v", version: -1 }))).toEqual({ code: "BadRequest", id: 3 });
    });

    it("a good frame and garbage in one chunk: the good one is answered, then the error", async () => {
      const socket = await raw();
      socket.send(Buffer.concat([encodeFrame({ id: 1, cmd: "get", key: "a" }), Buffer.from("garbage!")]));
      await socket.closed;
      expect(socket.replies.map((reply) => [reply.id, "error" in reply ? reply.error.code : "ok"])).toEqual([
        [1, "ok"],
        [null, "FrameTooLarge"],
      ]);
    });

    it("replies due before the bad frame are still sent, in order", async () => {
      const socket = await raw();
      socket.send(Buffer.concat([encodeFrame({ id: 1, cmd: "set", key: "a", value: "x" }), encodeFrame({ id: 2, cmd: "nope" }), encodeFrame({ id: 3, cmd: "get", key: "a" })]));
      await socket.closed;
      expect(socket.replies.map((reply) => [reply.id, "error" in reply ? reply.error.code : "ok"])).toEqual([
        [1, "ok"],
        [2, "BadRequest"],
      ]);
    });
  });

  describe("kvs server: shutdown", () => {
    it("refuses a request read after shutdown with ShuttingDown, after answering shutdown", async () => {
      const socket = await raw();
      socket.send(Buffer.concat([encodeFrame({ id: 1, cmd: "shutdown" }), encodeFrame({ id: 2, cmd: "set", key: "k", value: "v" })]));
      const replies = await socket.waitFor(2);
      expect(replies[0]).toEqual({ id: 1, ok: null });
      expect(replies[1]).toMatchObject({ id: 2, error: { code: "ShuttingDown" } });
      expect(engine.data.has("k")).toBe(false);
    });

    it("answers the requests in flight, closes the engine, then answers shutdown", async () => {
      const kv = await client();
      let open!: () => void;
      engine.gate = new Promise((resolve) => (open = resolve));
      const inFlight = kv.set("k", "v");
      const other = await client();
      const stopping = other.shutdown();
      // Only once the server is stopping, with the set still held, does the gate open: so the set
      // is answered while shutdown waits for it, and the engine stays open until then.
      await vi.waitFor(() => expect((server as unknown as { stopping?: unknown }).stopping).toBeDefined());
      expect(engine.closed).toBe(false);
      open();
      expect(await inFlight).toBe(1);
      await stopping;
      expect(engine.closed).toBe(true);
      await server.stopped;
      await expect(KvsClient.connect(address)).rejects.toMatchObject({ code: "Disconnected" });
    });
  });
});
