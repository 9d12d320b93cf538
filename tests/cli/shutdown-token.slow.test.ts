import { afterEach, describe, expect, it } from "vitest";
import { ClientError, KvsClient } from "../../src/real/client/index.js";
import { formatAddress } from "../../src/real/protocol/index.js";
import { killProcess, processRunning } from "../../src/real/pid.js";
import { tempDir } from "../support/temp-dir.js";
import { killAll, kvsClient, runUntilExit, startServer } from "../real/support/processes.js";
import { ended, killPairsIn, pairStatus, startPair, statusWhen } from "../real/pair/front-process.js";

// Live processes: the warning is in kvs-server's log, the token travels from kvs-client's command
// line, and the pair hands it from the front server to the data server it launches.
const dirs: string[] = [];
afterEach(async () => {
  await killAll();
  for (const dir of dirs.splice(0)) await killPairsIn(dir);
});

function dir(): string {
  const made = tempDir();
  dirs.push(made);
  return made;
}

describe("kvs-server beyond loopback", () => {
  it("warns in one line naming the address, and refuses kvs-client shutdown (exit 1, logged) until stopped by SIGTERM", { timeout: 30_000 }, async () => {
    const server = await startServer(["--addr", "0.0.0.0:0", "--dir", dir()], dir());
    const warning = server.stderr().split("\n").filter((line) => line.includes('"exposed":true'));
    expect(warning).toHaveLength(1);
    expect(warning[0]).toContain(`listening on ${server.addr}, beyond loopback`);
    const port = server.address.port;
    const refused = await kvsClient(["shutdown", "--addr", `127.0.0.1:${port}`]);
    expect([refused.status, refused.stderr]).toEqual([1, "kvs-client: shutdown refused: the server listens beyond loopback and has no shutdown token; stop it with a signal\n"]);
    expect(server.stderr()).toContain('"msg":"shutdown refused"');
    expect((await kvsClient(["set", "k", "v", "--addr", `127.0.0.1:${port}`])).status).toBe(0);
    expect(await server.kill("SIGTERM")).toBe(0);
  });
});

describe("kvs-server --shutdown-token", () => {
  it("stops only for kvs-client shutdown --shutdown-token with the same token", { timeout: 30_000 }, async () => {
    const server = await startServer(["--addr", "127.0.0.1:0", "--dir", dir(), "--shutdown-token", "s3cret"], dir());
    expect(server.stderr()).not.toContain('"exposed"');
    for (const args of [[], ["--shutdown-token", "wrong"]]) {
      const refused = await kvsClient(["shutdown", "--addr", server.addr, ...args]);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/^kvs-client: shutdown refused: (the server requires a shutdown token and none was sent|wrong shutdown token)\n$/);
    }
    const stopped = await kvsClient(["shutdown", "--addr", server.addr, "--shutdown-token", "s3cret"]);
    expect([stopped.status, stopped.stderr]).toEqual([0, ""]);
    expect(await server.exited).toBe(0);
  });

  it("an empty token is bad usage, for the server and the client, refused as every text option given nothing is", { timeout: 30_000 }, async () => {
    const server = await runUntilExit("kvs-server", ["--dir", dir(), "--shutdown-token", ""], dir());
    expect([server.status, server.stderr.trim()]).toEqual([3, 'kvs-server: --shutdown-token needs a value, got ""']);
    const client = await kvsClient(["shutdown", "--shutdown-token", ""]);
    expect([client.status, client.stderr.trim()]).toEqual([3, 'kvs-client: --shutdown-token needs a value, got ""']);
  });
});

describe("the pair with --shutdown-token", () => {
  it("the front and the data server it launched each refuse a shutdown without it; with it, both stop", { timeout: 60_000 }, async () => {
    const pairDir = dir();
    const pair = await startPair(["--port", "0", "--dir", pairDir, "--shutdown-token", "s3cret"], pairDir);
    const status = await pairStatus(pair.front);
    // The data server got the token through its environment, not its command line.
    for (const address of [pair.front, status.data!.address]) {
      const client = await KvsClient.connect(address);
      await expect(client.shutdown()).rejects.toEqual(new ClientError("Unauthorized", "shutdown refused: the server requires a shutdown token and none was sent"));
      await client.close();
    }
    expect(processRunning(status.data!.pid)).toBe(true);
    const stopped = await kvsClient(["shutdown", "--addr", formatAddress(pair.front), "--shutdown-token", "s3cret"]);
    expect([stopped.status, stopped.stderr]).toEqual([0, ""]);
    expect(await pair.exited).toBe(0);
    await ended(status.data!.pid);
  });

  it("a data server and a front server relaunched after a SIGKILL require the token too", { timeout: 60_000 }, async () => {
    const pairDir = dir();
    const pair = await startPair(["--port", "0", "--dir", pairDir, "--shutdown-token", "s3cret"], pairDir);
    const first = await pairStatus(pair.front);
    killProcess(first.data!.pid);
    const relaunchedData = await statusWhen(pair.front, (status) => status.data !== null && status.data.pid !== first.data!.pid);
    killProcess(first.front.pid);
    const relaunched = await statusWhen(pair.front, (status) => status.front.pid !== first.front.pid);
    expect(relaunched.data!.pid).toBe(relaunchedData.data!.pid);
    for (const address of [relaunched.front.address, relaunched.data!.address]) {
      const refused = await kvsClient(["shutdown", "--addr", formatAddress(address)]);
      expect([refused.status, refused.stderr]).toEqual([1, "kvs-client: shutdown refused: the server requires a shutdown token and none was sent\n"]);
    }
    expect((await kvsClient(["shutdown", "--addr", formatAddress(pair.front), "--shutdown-token", "s3cret"])).status).toBe(0);
    await ended(relaunched.front.pid);
    await ended(relaunched.data!.pid);
  });
});
