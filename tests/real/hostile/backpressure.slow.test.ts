import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { KvsClient } from "../../../src/real/client/index.js";
import { tempDir } from "../../support/temp-dir.js";
import { killAll, startServer } from "../support/processes.js";
import { gets, pipeliner, readReplies, residentMiB, servesAClient } from "./attack.js";

// A client that pipelines requests and does not read the replies once made the server encode and
// buffer every reply: 450 gets of a 10 MiB value ran it out of heap, and 1 KiB gets grew it by
// gigabytes. The server now starts a connection's requests only while its unsent replies stay
// under a bound, and stops reading from it meanwhile; the client's own buffers fill instead.
afterEach(killAll);

describe("backpressure: a client that does not read its replies", () => {
  it("450 pipelined gets of a 10 MiB value: kvs-server stays under 250 MiB and serves another client", { timeout: 60_000 }, async () => {
    const server = await startServer(["--addr", "127.0.0.1:0"], tempDir());
    const value = "v".repeat(10 << 20);
    const writer = await KvsClient.connect(server.address);
    await writer.set("big", value);
    await writer.close();
    const hostile = await pipeliner(server.address, gets(450));
    // Its first reply has begun to arrive: the server has read the requests and started them.
    await once(hostile, "readable");
    expect(await servesAClient(server.address)).toBe("alive canary");
    const reader = await KvsClient.connect(server.address, { timeoutMs: 30_000 });
    expect((await reader.get("big"))?.value.length).toBe(value.length);
    await reader.close();
    const during = residentMiB(server.pid);
    // Reading resumes the server: the next replies come, each whole.
    const third = await readReplies(hostile, 3);
    expect(third).toMatchObject({ id: 2, ok: { version: 1 } });
    hostile.destroy();
    expect(await servesAClient(server.address, "after")).toBe("alive after");
    const after = residentMiB(server.pid);
    console.log(`450 gets of 10 MiB: server RSS peak ${during.peak.toFixed(0)} MiB while stalled, ${after.peak.toFixed(0)} MiB at the end`);
    expect(after.peak).toBeLessThan(250);
  });

  it("200,000 pipelined gets of 1 KiB (200 MiB of replies), read only later: kvs-server stays under 300 MiB (buffered, the encoded replies alone would add 200 MiB to the ~100 it holds at rest), serves another client, then sends every reply", { timeout: 60_000 }, async () => {
    const server = await startServer(["--addr", "127.0.0.1:0"], tempDir());
    const writer = await KvsClient.connect(server.address);
    await writer.set("big", "w".repeat(1024));
    await writer.close();
    const count = 200_000;
    const hostile = await pipeliner(server.address, gets(count));
    await once(hostile, "readable");
    expect(await servesAClient(server.address)).toBe("alive canary");
    const during = residentMiB(server.pid);
    const last = await readReplies(hostile, count);
    expect(last).toMatchObject({ id: count - 1, ok: { value: "w".repeat(1024), version: 1 } });
    hostile.destroy();
    const after = residentMiB(server.pid);
    console.log(`200k gets of 1 KiB: server RSS peak ${during.peak.toFixed(0)} MiB while stalled, ${after.peak.toFixed(0)} MiB at the end`);
    expect(after.peak).toBeLessThan(300);
  });

  // The level engine answers gets later, so their reply sizes are unknown when they start: 32 gets
  // of a 10 MiB value once started together held 320 MiB of strings per connection (three such
  // connections reached 1.9 GiB). Each get in flight is now charged the largest reply seen, so a
  // connection holds about one 10 MiB reply beyond the 1 MiB bound.
  it("3 connections × 40 pipelined gets of a 10 MiB value on --engine level: kvs-server stays under 400 MiB (near 2 GiB without the reservation) and serves another client", { timeout: 60_000 }, async () => {
    const server = await startServer(["--engine", "level", "--addr", "127.0.0.1:0"], tempDir());
    const value = "l".repeat(10 << 20);
    const writer = await KvsClient.connect(server.address);
    await writer.set("big", value);
    await writer.close();
    const hostile = await Promise.all([0, 1, 2].map(() => pipeliner(server.address, gets(40))));
    await Promise.all(hostile.map((socket) => once(socket, "readable")));
    expect(await servesAClient(server.address)).toBe("alive canary");
    const during = residentMiB(server.pid);
    const second = await readReplies(hostile[0]!, 2);
    expect(second).toMatchObject({ id: 1, ok: { version: 1 } });
    for (const socket of hostile) socket.destroy();
    expect(await servesAClient(server.address, "after")).toBe("alive after");
    const after = residentMiB(server.pid);
    console.log(`3 × 40 gets of 10 MiB on level: server RSS peak ${during.peak.toFixed(0)} MiB while stalled, ${after.peak.toFixed(0)} MiB at the end`);
    expect(after.peak).toBeLessThan(400);
  });
});
