import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageVersion } from "../../src/cli/package-version.js";
import { formatAddress } from "../../src/real/protocol/index.js";
import { KvsServer } from "../../src/real/server/index.js";
import { MemoryEngine } from "../real/support/memory-engine.js";
import { kvsClient } from "../real/support/processes.js";

// The client's own command line, against a server in this process (kvs-server's are in kvs-server-cli.slow.test.ts).
const engine = new MemoryEngine();
const server = new KvsServer(engine, pino({ level: "silent" }));
let addr: string;

beforeAll(async () => {
  addr = formatAddress(await server.listen({ host: "127.0.0.1", port: 0 }));
});
afterAll(() => server.stop());

describe("kvs-client: usage", () => {
  it("client_cli_no_args", async () => {
    expect((await kvsClient([])).status).toBe(3);
  });

  it("client_cli_invalid_get", async () => {
    for (const args of [["get"], ["get", "extra", "field"], ["get", "key", "--addr", "invalid-addr"], ["get", "key", "--unknown-flag"]]) {
      expect((await kvsClient(args)).status, args.join(" ")).toBe(3);
    }
  });

  it("client_cli_invalid_set", async () => {
    for (const args of [["set"], ["set", "missing_field"], ["set", "key", "value", "extra_field"], ["set", "key", "value", "--addr", "invalid-addr"], ["set", "key", "value", "--unknown-flag"]]) {
      expect((await kvsClient(args)).status, args.join(" ")).toBe(3);
    }
  });

  it("client_cli_invalid_rm", async () => {
    for (const args of [["rm"], ["rm", "extra", "field"], ["rm", "key", "--addr", "invalid-addr"], ["rm", "key", "--unknown-flag"]]) {
      expect((await kvsClient(args)).status, args.join(" ")).toBe(3);
    }
  });

  it("client_cli_invalid_subcommand", async () => {
    expect((await kvsClient(["unknown"])).status).toBe(3);
  });

  it("client_cli_version", async () => {
    const run = await kvsClient(["-V"]);
    expect([run.status, run.stdout]).toEqual([0, `${packageVersion()}\n`]);
  });

  it("--timeout: a whole number of ms from 1 to 2147483647, else one line and exit 3", async () => {
    for (const [typed, said] of [
      ["abc", '--timeout must be a number, got "abc"'],
      ["-5", "--timeout must be a whole number of ms from 1 to 2147483647, got -5"],
      ["0", "--timeout must be a whole number of ms from 1 to 2147483647, got 0"],
      ["1.5", "--timeout must be a whole number of ms from 1 to 2147483647, got 1.5"],
      ["2147483648", "--timeout must be a whole number of ms from 1 to 2147483647, got 2147483648"],
    ]) {
      const run = await kvsClient(["get", "k", "--addr", "127.0.0.1:1", "--timeout", typed!]);
      expect(run, typed).toEqual({ status: 3, stdout: "", stderr: `kvs-client: ${said}\n` });
    }
  });

  it("an address nobody listens on: one line on stderr, exit 1", async () => {
    const run = await kvsClient(["get", "k", "--addr", "127.0.0.1:1"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^kvs-client: cannot connect to 127\.0\.0\.1:1: .*ECONNREFUSED.*\n$/);
  });
});

describe("kvs-client: commands", () => {
  it("set, get, rm, and Key not found: on stdout with exit 0 for get, on stderr with exit 1 for rm", async () => {
    expect(await kvsClient(["set", "a", "1", "--addr", addr])).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(await kvsClient(["get", "a", "--addr", addr])).toEqual({ status: 0, stdout: "1\n", stderr: "" });
    expect(await kvsClient(["rm", "a", "--addr", addr])).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(await kvsClient(["get", "a", "--addr", addr])).toEqual({ status: 0, stdout: "Key not found\n", stderr: "" });
    expect(await kvsClient(["rm", "a", "--addr", addr])).toEqual({ status: 1, stdout: "", stderr: "Key not found\n" });
  });

  it("the versioned put, and get --show-version", async () => {
    expect(await kvsClient(["put", "v", "x", "--version", "0", "--addr", addr])).toEqual({ status: 0, stdout: "OK\n", stderr: "" });
    expect(await kvsClient(["put", "v", "y", "--version", "0", "--addr", addr])).toEqual({ status: 1, stdout: "", stderr: "ErrVersion\n" });
    expect(await kvsClient(["put", "w", "y", "--version", "4", "--addr", addr])).toEqual({ status: 1, stdout: "", stderr: "ErrNoKey\n" });
    expect(await kvsClient(["put", "v", "y", "--version", "1", "--addr", addr])).toEqual({ status: 0, stdout: "OK\n", stderr: "" });
    expect(await kvsClient(["get", "v", "--show-version", "--addr", addr])).toEqual({ status: 0, stdout: "y\nversion 2\n", stderr: "" });
  });

  it("a server error: one line on stderr, exit 1", async () => {
    engine.failure = new Error("disk on fire");
    try {
      expect(await kvsClient(["set", "a", "1", "--addr", addr])).toEqual({ status: 1, stdout: "", stderr: "kvs-client: disk on fire\n" });
    } finally {
      engine.failure = undefined;
    }
  });

  it("shutdown returns once the server has stopped", async () => {
    expect(await kvsClient(["shutdown", "--addr", addr])).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(engine.closed).toBe(true);
    const after = await kvsClient(["get", "a", "--addr", addr]);
    expect(after.status).toBe(1);
  });
});
