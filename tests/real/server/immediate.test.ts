import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClientError, KvsClient } from "../../../src/real/client/index.js";
import { encodeFrame, type Address } from "../../../src/real/protocol/index.js";
import { KvsServer } from "../../../src/real/server/index.js";
import { ImmediateMemoryEngine } from "../support/memory-engine.js";
import { RawSocket } from "../support/raw-socket.js";

// The server's immediate way, on an engine that applies gets and sets at once (as kvs does):
// what it must keep of the general way's promises.
let engine: ImmediateMemoryEngine;
let server: KvsServer;
let address: Address;
const opened: { destroy(): void }[] = [];

beforeEach(async () => {
  engine = new ImmediateMemoryEngine();
  server = new KvsServer(engine, pino({ level: "silent" }));
  address = await server.listen({ host: "127.0.0.1", port: 0 });
});

afterEach(async () => {
  for (const socket of opened.splice(0)) socket.destroy();
  engine.gate = undefined;
  await server.stop();
});

async function raw(): Promise<RawSocket> {
  const socket = await RawSocket.open(address);
  opened.push(socket);
  return socket;
}

describe("kvs server: answering at once", () => {
  it("acknowledges a set only once it is durable, holds the replies after it, while other clients already read it", async () => {
    let durable!: () => void;
    engine.gate = new Promise((resolve) => (durable = resolve));
    const writer = await raw();
    writer.send(Buffer.concat([encodeFrame({ id: 1, cmd: "set", key: "k", value: "v" }), encodeFrame({ id: 2, cmd: "get", key: "k" })]));
    const reader = await KvsClient.connect(address);
    // Applied at once: another connection reads it (as it would from kvs before the fsync ends).
    expect(await reader.get("k")).toEqual({ value: "v", version: 1 });
    expect(writer.replies).toEqual([]);
    durable();
    expect(await writer.waitFor(2)).toEqual([
      { id: 1, ok: { version: 1 } },
      { id: 2, ok: { value: "v", version: 1 } },
    ]);
    await reader.close();
  });

  it("answers a write that does not become durable with Internal, and keeps serving the connection", async () => {
    const kv = await KvsClient.connect(address);
    engine.durabilityFailure = new Error("fsync failed");
    const error = await kv.set("k", "v").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect([(error as ClientError).code, (error as ClientError).message]).toEqual(["Internal", "fsync failed"]);
    engine.durabilityFailure = undefined;
    expect(await kv.set("k", "w")).toBe(2);
    await kv.close();
  });

  it("answers put, rm and del the general way, in order with the immediate replies around them", async () => {
    const socket = await raw();
    socket.send(
      Buffer.concat(
        [
          { id: 1, cmd: "set", key: "k", value: "a" },
          { id: 2, cmd: "put", key: "k", value: "b", version: 1 },
          { id: 3, cmd: "get", key: "k" },
          { id: 4, cmd: "del", key: "k", version: 2 },
          { id: 5, cmd: "get", key: "k" },
          { id: 6, cmd: "set", key: "k", value: "c" },
        ].map(encodeFrame),
      ),
    );
    expect(await socket.waitFor(6)).toEqual([
      { id: 1, ok: { version: 1 } },
      { id: 2, ok: { err: "OK" } },
      { id: 3, ok: { value: "b", version: 2 } },
      { id: 4, ok: { deleted: true } },
      { id: 5, ok: null },
      { id: 6, ok: { version: 1 } },
    ]);
  });
});
