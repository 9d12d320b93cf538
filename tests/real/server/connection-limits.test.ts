import { once } from "node:events";
import { connect } from "node:net";
import { pino } from "pino";
import { afterEach, expect, it } from "vitest";
import { encodeFrame, type Address } from "../../../src/real/protocol/index.js";
import { KvsServer } from "../../../src/real/server/index.js";
import { MAX_IN_FLIGHT, MAX_READS_IN_FLIGHT } from "../../../src/real/server/connection.js";
import { MemoryEngine } from "../support/memory-engine.js";
import { RawSocket } from "../support/raw-socket.js";

// What one connection may have started at once, on an engine that answers later: the engine is
// held (its gate), so every request started stays in flight, and the calls it saw are counted.
let server: KvsServer | undefined;
afterEach(async () => server?.stop());

class CountingEngine extends MemoryEngine {
  calls = 0;
  override get(key: string) {
    this.calls++;
    return super.get(key);
  }
  override set(key: string, value: string) {
    this.calls++;
    return super.set(key, value);
  }
}

async function serve(engine: MemoryEngine): Promise<Address> {
  server = new KvsServer(engine, pino({ level: "silent" }));
  return server.listen({ host: "127.0.0.1", port: 0 });
}

/** Resolves once the engine has seen `calls` calls (the test's timeout bounds the wait). */
async function settled(engine: CountingEngine, calls: number): Promise<void> {
  while (engine.calls < calls) await new Promise((resolve) => setImmediate(resolve));
}

it(`gets in flight at an engine that answers later stop at ${MAX_READS_IN_FLIGHT}; the rest start as they are answered`, async () => {
  const engine = new CountingEngine();
  const address = await serve(engine);
  const socket = await RawSocket.open(address);
  // One get answered first: until a connection has had a reply, a get waiting at the engine is
  // charged as a large one, so only one starts at a time.
  socket.send(encodeFrame({ id: 100, cmd: "get", key: "k" }));
  await socket.waitFor(1);
  engine.calls = 0;
  let open!: () => void;
  engine.gate = new Promise((resolve) => (open = resolve));
  socket.send(Buffer.concat(Array.from({ length: 100 }, (_, id) => encodeFrame({ id, cmd: "get", key: "k" }))));
  await settled(engine, MAX_READS_IN_FLIGHT);
  // A set on another connection goes through: the engine is reached, the first connection waits.
  await anotherSetReaches(address, engine, MAX_READS_IN_FLIGHT + 1);
  open();
  const replies = await socket.waitFor(101);
  expect(replies.map((reply) => reply.id)).toEqual([100, ...Array.from({ length: 100 }, (_, id) => id)]);
  socket.destroy();
});

it(`requests in flight stop at ${MAX_IN_FLIGHT} until they are answered`, async () => {
  const engine = new CountingEngine();
  let open!: () => void;
  engine.gate = new Promise((resolve) => (open = resolve));
  const address = await serve(engine);
  const socket = await RawSocket.open(address);
  const count = MAX_IN_FLIGHT + 500;
  socket.send(Buffer.concat(Array.from({ length: count }, (_, id) => encodeFrame({ id, cmd: "set", key: "k", value: String(id) }))));
  await settled(engine, MAX_IN_FLIGHT);
  await anotherSetReaches(address, engine, MAX_IN_FLIGHT + 1);
  open();
  await socket.waitFor(count);
  expect(engine.data.get("k")).toEqual({ value: String(count - 1), version: count });
  socket.destroy();
});

/** A set sent on a second connection reaches the engine, its call number `calls`, while the first connection waits. */
async function anotherSetReaches(address: { host: string; port: number }, engine: CountingEngine, calls: number): Promise<void> {
  const other = connect(address.port, address.host);
  await once(other, "connect");
  other.write(encodeFrame({ id: 1, cmd: "set", key: "x", value: "y" }));
  await settled(engine, calls);
  other.destroy();
  expect(engine.calls).toBe(calls);
}
