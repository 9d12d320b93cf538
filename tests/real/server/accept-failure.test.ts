import type { Server } from "node:net";
import { pino } from "pino";
import { afterEach, expect, it } from "vitest";
import { KvsClient } from "../../../src/real/client/index.js";
import { KvsServer } from "../../../src/real/server/index.js";
import { MemoryEngine } from "../support/memory-engine.js";

// An accept that fails (EMFILE: no descriptor left) reaches the listener as an 'error' event,
// which with no handler would stop the process. The server logs it and serves on.
let server: KvsServer | undefined;
afterEach(async () => server?.stop());

it("an accept failing with EMFILE is logged, and the server serves on", async () => {
  const lines: string[] = [];
  server = new KvsServer(new MemoryEngine(), pino({ base: undefined }, { write: (line: string) => lines.push(line) }));
  const address = await server.listen({ host: "127.0.0.1", port: 0 });
  // What Node emits when accept(2) fails: the listener is private to the server.
  const listener = (server as unknown as { listener: Server }).listener;
  listener.emit("error", Object.assign(new Error("accept EMFILE"), { code: "EMFILE", syscall: "accept" }));
  expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toContainEqual(expect.objectContaining({ level: 50, code: "EMFILE", err: "accept EMFILE", msg: "a connection could not be accepted" }));
  const client = await KvsClient.connect(address);
  expect(await client.set("k", "v")).toBe(1);
  await client.close();
});
