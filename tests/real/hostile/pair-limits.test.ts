import { readFileSync } from "node:fs";
import { afterEach, expect, it } from "vitest";
import type { Address } from "../../../src/real/protocol/index.js";
import { tempDir } from "../../support/temp-dir.js";
import { RawSocket } from "../support/raw-socket.js";
import { killPairsIn, pairStatus, startPair, statusWhen } from "../pair/front-process.js";
import { servesAClient } from "./attack.js";

// The pair's servers take the same limits as kvs-server, and hand them on: kvs-front to the data
// server it launches, kvs-data to the front server it relaunches.
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await killPairsIn(dir);
});

const limits = ["--max-connections", "50", "--max-unfinished-mib", "8", "--frame-timeout-ms", "200"];

/** The command line of process `pid`, as its arguments. */
function commandLine(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
}

/** A connection that sends only a length prefix: the server closes it FrameTimeout. */
async function timedOut(address: Address): Promise<unknown> {
  const socket = await RawSocket.open(address);
  socket.send(Buffer.from([0, 0, 0, 100]));
  await socket.closed;
  return socket.replies.map((reply) => ("error" in reply ? reply.error.code : "ok"));
}

it("kvs-front and kvs-data apply --frame-timeout-ms and hand every limit to the partner they launch", { timeout: 60_000 }, async () => {
  const dir = tempDir();
  dirs.push(dir);
  const pair = await startPair(["--port", "0", "--dir", dir, ...limits], dir);
  const before = await pairStatus(pair.front);
  expect(commandLine(before.data!.pid).join(" ")).toContain(limits.join(" "));
  expect(await timedOut(pair.front)).toEqual(["FrameTimeout"]);
  expect(await timedOut(before.data!.address)).toEqual(["FrameTimeout"]);
  pair.child.kill("SIGKILL");
  const after = await statusWhen(pair.front, (status) => status.front.pid !== before.front.pid);
  expect(commandLine(after.front.pid).join(" ")).toContain(limits.join(" "));
  expect(await timedOut(pair.front)).toEqual(["FrameTimeout"]);
  expect(await servesAClient(after.data!.address)).toBe("alive canary");
});
