import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { ClientError, KvsClient } from "../../../src/real/client/index.js";
import { type Address } from "../../../src/real/protocol/index.js";
import { isLoopback, KvsServer } from "../../../src/real/server/index.js";
import { shutdownToken } from "../../../src/cli/shutdown-token-flag.js";
import { MemoryEngine } from "../support/memory-engine.js";

interface Line {
  level: number;
  msg: string;
  [field: string]: unknown;
}

const servers: KvsServer[] = [];
const clients: KvsClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  for (const server of servers.splice(0)) await server.stop();
});

/** A server on `host` with `token`, its address, and every line it logs. */
async function serve(host: string, token?: string): Promise<{ server: KvsServer; address: Address; lines: Line[] }> {
  const lines: Line[] = [];
  const server = new KvsServer(new MemoryEngine(), pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line) as Line) }), undefined, token);
  servers.push(server);
  const bound = await server.listen({ host, port: 0 });
  // A wildcard address is reached through loopback from here.
  return { server, address: { host: isLoopback(bound.host) ? bound.host : "127.0.0.1", port: bound.port }, lines };
}

async function connect(address: Address): Promise<KvsClient> {
  const client = await KvsClient.connect(address);
  clients.push(client);
  return client;
}

/** The code a refused shutdown fails with, or "stopped" when it stopped the server. */
async function shutdownWith(server: KvsServer, address: Address, token?: string): Promise<string> {
  const client = await connect(address);
  try {
    await client.shutdown(token);
    await server.stopped;
    return "stopped";
  } catch (error) {
    if (!(error instanceof ClientError)) throw error;
    return error.code;
  }
}

describe("isLoopback", () => {
  it("is true for 127.0.0.0/8 and ::1 (also mapped or written out), false for wildcards and other addresses", () => {
    for (const host of ["127.0.0.1", "127.255.0.9", "::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"]) expect([host, isLoopback(host)]).toEqual([host, true]);
    for (const host of ["0.0.0.0", "::", "10.0.0.1", "192.168.1.2", "::ffff:10.0.0.1", "fe80::1", "128.0.0.1", "localhost", ""]) expect([host, isLoopback(host)]).toEqual([host, false]);
  });
});

describe("binding beyond loopback", () => {
  it("warns once, naming the address and what it exposes; on loopback nothing is said", async () => {
    const wide = await serve("0.0.0.0");
    const warnings = wide.lines.filter((line) => line.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ addr: `0.0.0.0:${wide.address.port}`, exposed: true });
    expect(warnings[0]!.msg).toMatch(/^listening on 0\.0\.0\.0:\d+, beyond loopback: any host that can reach it can send it every command \(read and write every key\), without authentication or encryption; shutdown is refused/);
    const narrow = await serve("127.0.0.1");
    expect(narrow.lines.filter((line) => line.level >= 40)).toEqual([]);
  });

  it("says that shutdown needs the token when one is set", async () => {
    const { lines } = await serve("0.0.0.0", "s3cret");
    expect(lines.find((line) => line.exposed === true)?.msg).toMatch(/; shutdown needs the token$/);
  });
});

describe("who may shut a server down", () => {
  it("on loopback without a token: anyone (the default)", async () => {
    const { server, address } = await serve("127.0.0.1");
    expect(await shutdownWith(server, address)).toBe("stopped");
  });

  it("beyond loopback without a token: nobody, logged; the server serves on and stops by stop() (a signal)", async () => {
    const { server, address, lines } = await serve("0.0.0.0");
    expect(await shutdownWith(server, address)).toBe("Unauthorized");
    expect(await shutdownWith(server, address, "anything")).toBe("Unauthorized");
    expect(lines.filter((line) => line.msg === "shutdown refused").map((line) => line.reason)).toEqual([
      "the server listens beyond loopback and has no shutdown token; stop it with a signal",
      "the server listens beyond loopback and has no shutdown token; stop it with a signal",
    ]);
    const client = await connect(address);
    await client.set("k", "v");
    expect(await client.get("k")).toEqual({ value: "v", version: 1 });
  });

  it.each(["127.0.0.1", "0.0.0.0"])("with a token, on %s: only a shutdown that carries it; a missing or wrong one is refused, logged, and the connection serves on", async (host) => {
    const { server, address, lines } = await serve(host, "s3cret");
    const client = await connect(address);
    for (const token of [undefined, "wrong", "s3cret-and-more", "", "S3CRET"]) {
      const refused = await client.shutdown(token).then(
        () => "stopped",
        (error: ClientError) => `${error.code}: ${error.message}`,
      );
      expect(refused).toBe(token === undefined ? "Unauthorized: shutdown refused: the server requires a shutdown token and none was sent" : "Unauthorized: shutdown refused: wrong shutdown token");
    }
    expect(lines.filter((line) => line.msg === "shutdown refused")).toHaveLength(5);
    expect(lines.find((line) => line.msg === "shutdown refused")?.remote).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(await client.set("still", "serving")).toBe(1);
    expect(await shutdownWith(server, address, "s3cret")).toBe("stopped");
  });

  it("a token that is not a string is refused as a wrong one", async () => {
    const { address } = await serve("127.0.0.1", "s3cret");
    const client = await connect(address);
    const call = client.call({ cmd: "shutdown", token: 42 as unknown as string });
    await expect(call).rejects.toMatchObject({ code: "Unauthorized", message: "shutdown refused: wrong shutdown token" });
  });
});

describe("the token's source", () => {
  it("is the flag, else KVS_SHUTDOWN_TOKEN, else none", () => {
    expect(shutdownToken({ "shutdown-token": "flag" }, { KVS_SHUTDOWN_TOKEN: "env" })).toBe("flag");
    expect(shutdownToken({ "shutdown-token": undefined }, { KVS_SHUTDOWN_TOKEN: "env" })).toBe("env");
    expect(shutdownToken({ "shutdown-token": undefined }, {})).toBeUndefined();
  });
});
