import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { packageVersion } from "../../src/cli/package-version.js";
import { tempDir } from "../support/temp-dir.js";
import { killAll, kvsClient, runUntilExit, startServer } from "../real/support/processes.js";

// The server's command line, and the client against it, as child processes. Servers listen on
// port 0 (`--addr 127.0.0.1:0`) and the tests read the bound address from the start log line, so
// test files can run in parallel.
afterEach(killAll);

describe("kvs-server: command line", () => {
  it("server_cli_version", async () => {
    const run = await runUntilExit("kvs-server", ["-V"], tempDir());
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(packageVersion());
  });

  it("cli_log_configuration", async () => {
    const dir = tempDir();
    const server = await startServer(["--engine", "kvs", "--addr", "127.0.0.1:0"], dir);
    expect(await server.kill("SIGKILL")).toBe("SIGKILL");
    const log = server.stderr();
    expect(log).toContain(packageVersion());
    // The engine and the address it bound, as logged (the address is read from this same line).
    expect(log).toContain('"engine":"kvs"');
    expect(server.addr).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it("cli_wrong_engine", async () => {
    for (const [first, second] of [["sled", "kvs"], ["kvs", "sled"]]) {
      const dir = tempDir();
      const server = await startServer(["--engine", first!, "--addr", "127.0.0.1:0"], dir);
      await server.kill("SIGKILL");
      // It must refuse and exit by itself: a server that kept running would hang the test.
      const refused = await runUntilExit("kvs-server", ["--engine", second!, "--addr", "127.0.0.1:0"], dir);
      expect(refused.status, `${first} then ${second}`).toBe(1);
      // Besides the JSON log line, one plain line for a person: the last on stderr.
      expect(refused.stderr.trimEnd().split("\n").at(-1)).toMatch(/^kvs-server: \S.*/);
    }
  });

  for (const engine of ["kvs", "sled"]) {
    it(`cli_access_server_${engine}_engine`, async () => {
      const dir = tempDir();
      const server = await startServer(["--engine", engine, "--addr", "127.0.0.1:0"], dir);
      const client = (...args: string[]) => kvsClient([...args, "--addr", server.addr], dir);
      expect(await client("set", "key1", "value1")).toMatchObject({ status: 0, stdout: "" });
      expect(await client("get", "key1")).toMatchObject({ status: 0, stdout: "value1\n" });
      expect(await client("set", "key1", "value2")).toMatchObject({ status: 0, stdout: "" });
      expect(await client("get", "key1")).toMatchObject({ status: 0, stdout: "value2\n" });
      const missing = await client("get", "key2");
      expect(missing.status).toBe(0);
      expect(missing.stdout).toContain("Key not found");
      const rmMissing = await client("rm", "key2");
      expect(rmMissing.status).not.toBe(0);
      expect(rmMissing.stderr).toContain("Key not found");
      expect(await client("set", "key2", "value3")).toMatchObject({ status: 0, stdout: "" });
      expect(await client("rm", "key1")).toMatchObject({ status: 0, stdout: "" });
      await server.kill("SIGKILL");

      // Restarted in the same directory with the same engine: the data is still there.
      const restarted = await startServer(["--engine", engine, "--addr", "127.0.0.1:0"], dir);
      const again = (...args: string[]) => kvsClient([...args, "--addr", restarted.addr], dir);
      expect((await again("get", "key2")).stdout).toContain("value3");
      expect((await again("get", "key1")).stdout).toContain("Key not found");
    });
  }
});

describe("kvs-server: refusals and stopping", () => {
  it("an unknown engine, an unparsable address and a port in use: non-zero exit without serving", async () => {
    const dir = tempDir();
    expect((await runUntilExit("kvs-server", ["--engine", "rocks", "--addr", "127.0.0.1:0"], dir)).status).not.toBe(0);
    expect((await runUntilExit("kvs-server", ["--addr", "localhost:4000"], dir)).status).not.toBe(0);
    expect((await runUntilExit("kvs-server", ["--addr", "127.0.0.1:99999"], dir)).status).not.toBe(0);
    const taken: Server = await new Promise((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => resolve(server));
    });
    try {
      const { port } = taken.address() as { port: number };
      const refused = await runUntilExit("kvs-server", ["--addr", `127.0.0.1:${port}`], dir);
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toMatch(/\nkvs-server: .*EADDRINUSE.*\n$/);
    } finally {
      taken.close();
    }
  });

  it("without --engine, a data directory keeps the engine it was created with", async () => {
    const dir = tempDir();
    const first = await startServer(["--engine", "level", "--addr", "127.0.0.1:0"], dir);
    await first.kill("SIGKILL");
    const second = await startServer(["--addr", "127.0.0.1:0"], dir);
    expect(second.stderr()).toContain('"engine":"level"');
    const fresh = await startServer(["--addr", "127.0.0.1:0"], tempDir());
    expect(fresh.stderr()).toContain('"engine":"kvs"');
  });

  it("listens on IPv6 loopback", async () => {
    const server = await startServer(["--addr", "[::1]:0"], tempDir());
    expect(server.addr).toMatch(/^\[::1\]:\d+$/);
    expect(await kvsClient(["set", "k", "v6", "--addr", server.addr])).toMatchObject({ status: 0 });
    expect((await kvsClient(["get", "k", "--addr", server.addr])).stdout).toBe("v6\n");
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`${signal} stops the server cleanly: exit 0, and the data is there after a restart`, async () => {
      const dir = tempDir();
      const server = await startServer(["--addr", "127.0.0.1:0"], dir);
      expect((await kvsClient(["set", "k", signal, "--addr", server.addr])).status).toBe(0);
      expect(await server.kill(signal)).toBe(0);
      expect(server.stderr()).toContain('"msg":"stopped"');
      const restarted = await startServer(["--addr", "127.0.0.1:0"], dir);
      expect((await kvsClient(["get", "k", "--addr", restarted.addr])).stdout).toBe(`${signal}\n`);
    });
  }

  it("kvs-client shutdown returns once the server has stopped", async () => {
    const server = await startServer(["--addr", "127.0.0.1:0"], tempDir());
    expect(await kvsClient(["shutdown", "--addr", server.addr])).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(await server.exited).toBe(0);
    // Logged before the reply was sent; read once the process has closed its stderr.
    const log = server.stderr();
    expect(log).toContain('"msg":"shutting down"');
    expect(log.indexOf('"msg":"stopped"')).toBeGreaterThan(log.indexOf('"msg":"shutting down"'));
  });
});
