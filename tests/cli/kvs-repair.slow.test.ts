// kvs-repair from the command line: on a data directory as kvs-server uses it, or on the kvs store
// inside it (what the server's corruption message names); one line per dropped stretch, then a
// summary, exit 0; one line on stderr and exit 1 for what is no kvs store; exit 3 for bad usage.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDataDir } from "../../src/real/engine/index.js";
import { HEADER_BYTES } from "../../src/real/engine/kvs/record.js";
import { repo, runProcess } from "../support/run-cli.js";
import { tempDir } from "../support/temp-dir.js";
import { killAll, kvsClient, runUntilExit, startServer } from "../real/support/processes.js";

afterEach(killAll);

const repair = (...args: string[]) => runProcess(process.execPath, ["--import", "tsx", "src/cli/kvs-repair.ts", ...args], { cwd: repo, env: process.env });

/** A data directory whose kvs store has 10 keys, key4's value damaged; returns the damaged record's offset. */
async function damagedDataDir(): Promise<{ dir: string; offset: number }> {
  const dir = tempDir();
  const engine = await openDataDir(dir, { engine: "kvs", sync: "none" });
  for (let i = 0; i < 10; i++) await engine.set(`key${i}`, `value-${i}`);
  await engine.close();
  const segment = join(dir, "kvs", "0000000001.seg");
  const bytes = readFileSync(segment);
  const offset = bytes.indexOf("key4value-4") - HEADER_BYTES;
  bytes[offset + HEADER_BYTES + 6]! ^= 0x01;
  writeFileSync(segment, bytes);
  return { dir, offset };
}

describe("kvs-repair", () => {
  it("repairs a data directory: names what it dropped, then says what it kept", async () => {
    const { dir, offset } = await damagedDataDir();
    expect(await repair("--dir", dir)).toEqual({
      status: 0,
      stdout: `dropped 0000000001.seg offset ${offset}: ${HEADER_BYTES + 11}-byte damaged stretch, a record of key "key4" at version 1 (checksum mismatch)\nkvs-repair: kept 9 intact record(s) in 1 segment(s); dropped 1 damaged stretch(es), ${HEADER_BYTES + 11} bytes\n`,
      stderr: "",
    });
    const engine = await openDataDir(dir, { sync: "none" });
    expect(await engine.get("key4")).toBeUndefined();
    expect(await engine.get("key5")).toEqual({ value: "value-5", version: 1 });
    await engine.close();
  });

  it("kvs-server refuses a store with a damaged length before intact records in one line naming segment and offset; after kvs-repair it serves every other key", async () => {
    const dir = tempDir();
    const engine = await openDataDir(dir, { engine: "kvs", sync: "none" });
    for (let i = 0; i < 10; i++) await engine.set(`key${i}`, `value-${i}`);
    await engine.close();
    for (const file of ["0000000001.hint", "index.ckpt"]) rmSync(join(dir, "kvs", file)); // as a crash leaves the active segment: scanned on open
    const segment = join(dir, "kvs", "0000000001.seg");
    const bytes = readFileSync(segment);
    const offset = bytes.indexOf("key4value-4") - HEADER_BYTES;
    bytes[offset + 5]! ^= 0x02; // key4's key length
    writeFileSync(segment, bytes);
    const refused = await runUntilExit("kvs-server", ["--dir", dir, "--addr", "127.0.0.1:0"], dir);
    expect(refused.status).toBe(1);
    // The log's line, then the same reason as one plain line.
    const reason = `kvs: corrupt record in ${segment} at offset ${offset}: header checksum mismatch (a damaged length, kind or version); intact records follow it at offset ${offset + HEADER_BYTES + 11}, so it is no torn tail: run kvs-repair --dir ${join(dir, "kvs")} to keep every intact record`;
    const lines = refused.stderr.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: "kvs-server cannot start", err: reason });
    expect(lines[1]).toBe(`kvs-server: ${reason}`);
    expect((await repair("--dir", join(dir, "kvs"))).stdout).toMatch(/^dropped 0000000001.seg offset \d+: 34-byte damaged stretch \(header checksum mismatch/);
    const server = await startServer(["--dir", dir, "--addr", "127.0.0.1:0"], dir);
    expect((await kvsClient(["get", "key5", "--addr", server.addr])).stdout).toBe("value-5\n");
    expect((await kvsClient(["get", "key4", "--addr", server.addr])).stdout).toBe("Key not found\n");
  });

  it("takes the kvs store's own directory too, and changes nothing where nothing is damaged", async () => {
    const { dir } = await damagedDataDir();
    expect((await repair("--dir", join(dir, "kvs"))).status).toBe(0);
    expect(await repair("--dir", join(dir, "kvs"))).toEqual({ status: 0, stdout: "kvs-repair: no damage found; 9 intact record(s) in 1 segment(s), nothing changed\n", stderr: "" });
  });

  it("refuses, in one line with exit 1, a level store and a directory with no store", async () => {
    const level = tempDir();
    await (await openDataDir(level, { engine: "level", sync: "none" })).close();
    expect(await repair("--dir", level)).toEqual({ status: 1, stdout: "", stderr: `kvs-repair: ${level} holds a level store: kvs-repair repairs kvs stores only\n` });
    const empty = tempDir();
    expect(await repair("--dir", empty)).toEqual({ status: 1, stdout: "", stderr: `kvs-repair: ${empty} holds no kvs store\n` });
  });

  it("exits 3 without --dir", async () => {
    const run = await repair();
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/^kvs-repair: Missing required argument: dir\n$/);
  });
});
