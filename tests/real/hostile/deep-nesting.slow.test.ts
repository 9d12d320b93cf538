import { afterEach, describe, expect, it } from "vitest";
import { processRunning } from "../../../src/real/pid.js";
import type { Address } from "../../../src/real/protocol/index.js";
import { tempDir } from "../../support/temp-dir.js";
import { RawSocket } from "../support/raw-socket.js";
import { killAll, startServer } from "../support/processes.js";
import { killPairsIn, pairStatus, startPair } from "../pair/front-process.js";
import { deeplyNestedRequest, frameOf, servesAClient } from "./attack.js";

// A request whose `cmd` is an array nested 3,000 deep (3 KB) once stopped any server: naming the
// bad command in the BadRequest reply ran JSON.stringify out of stack, and the connection rethrew
// what was no protocol error. Each server must answer it as a bad request, close only that
// connection, and go on serving.
const dirs: string[] = [];
afterEach(async () => {
  await killAll();
  for (const dir of dirs.splice(0)) await killPairsIn(dir);
});

/** Sends `frame` on a connection of its own and resolves to the reply, once the server has closed it. */
async function attack(address: Address, frame: Buffer): Promise<unknown> {
  const socket = await RawSocket.open(address);
  socket.send(frame);
  await socket.closed;
  return socket.replies.map((reply) => [reply.id, "error" in reply ? reply.error.code : "ok", "error" in reply ? reply.error.message.length : 0]);
}

const nested = deeplyNestedRequest(3_000);
// Deeper than msgpackr itself can decode: one byte per level, a 2 MB frame.
const deeper = deeplyNestedRequest(2_000_000);
// Maps nested 3,000 deep are refused the same way.
const nestedMaps = frameOf(Buffer.concat([Buffer.from([0x82, 0xa2, 0x69, 0x64, 0x02, 0xa3, 0x63, 0x6d, 0x64]), Buffer.concat(Array.from({ length: 3_000 }, () => Buffer.from([0x81, 0xa1, 0x6b]))), Buffer.from([0x80])]));

describe("a deeply nested request ends only its own connection", () => {
  it("kvs-server: BadRequest for the 3,000-deep cmd, BadFrame for what msgpackr cannot decode; the server still serves", { timeout: 30_000 }, async () => {
    const server = await startServer(["--addr", "127.0.0.1:0"], tempDir());
    expect(await attack(server.address, nested)).toEqual([[1, "BadRequest", expect.any(Number)]]);
    expect(await attack(server.address, deeper)).toEqual([[null, "BadFrame", expect.any(Number)]]);
    expect(await attack(server.address, nestedMaps)).toEqual([[2, "BadRequest", expect.any(Number)]]);
    expect(await servesAClient(server.address)).toBe("alive canary");
    expect(server.stderr()).toContain('"code":"BadRequest"');
    expect(server.stderr()).not.toContain("internal error");
  });

  it("the pair: sent to kvs-front and to kvs-data, neither dies nor is relaunched, and both serve", { timeout: 60_000 }, async () => {
    const dir = tempDir();
    dirs.push(dir);
    const pair = await startPair(["--port", "0", "--dir", dir], dir);
    const before = await pairStatus(pair.front);
    const data = before.data!;
    for (const address of [pair.front, data.address]) {
      expect(await attack(address, nested)).toEqual([[1, "BadRequest", expect.any(Number)]]);
      expect(await attack(address, deeper)).toEqual([[null, "BadFrame", expect.any(Number)]]);
    }
    expect([processRunning(before.front.pid), processRunning(data.pid)]).toEqual([true, true]);
    expect(await pairStatus(pair.front)).toEqual(before);
    expect(await servesAClient(data.address)).toBe("alive canary");
  });
});
