import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { kvlab } from "../../support/run-cli.js";
import { killAll, startServer, type RunningServer } from "../../real/support/processes.js";

// `kvlab test --target`: the suites' clerks against a kvs-server process, in real time.
let dir: string;
let server: RunningServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kvs-target-"));
  server = await startServer(["--addr", "127.0.0.1:0", "--dir", dir], dir);
});

afterAll(async () => {
  await killAll();
  await rm(dir, { recursive: true, force: true });
});

it("the kvsrv suite's reliable tests pass against a real server; the others are skipped, saying why", { timeout: 60_000 }, async () => {
  const run = await kvlab("test", "--suite", "kvsrv", "--target", server.addr);
  expect(run.stderr).toBe("");
  const lines = run.stdout.split("\n");
  expect(lines.filter((line) => line.includes("... Passed"))).toHaveLength(2);
  expect(lines.filter((line) => line.includes("... Skipped -- needs the simulation (it measures the server object)"))).toHaveLength(2);
  expect(lines).toContain("  ... Skipped -- needs the simulated unreliable network");
  expect(lines).toContain("2 passed, 0 failed, 3 skipped");
  expect(run.status).toBe(0);
});

it("a clerk bug fails over TCP too, judged against the replies it got, with a rerun command", { timeout: 60_000 }, async () => {
  const impl = "tests/real/fixtures/get-never-errnokey.ts";
  const run = await kvlab("test", "--impl", impl, "--test", "TestReliablePut", "--target", server.addr);
  expect(run.stdout).toContain('Fatal: clerk-1: Get("y") returned ("", 0, OK), but the only reply it received said ("", 0, ErrNoKey)');
  expect(run.stdout).toContain(`rerun: npx kvlab test --impl ${impl} --target ${server.addr} --test TestReliablePut`);
  expect(run.stdout).toContain("0 passed, 1 failed");
  expect(run.status).toBe(1);
});

it("--target refuses what only a simulation can do, and a bad address", async () => {
  for (const extra of [["--seeds", "3"], ["--workers", "2"], ["--check-determinism"]]) {
    const run = await kvlab("test", "--target", server.addr, ...extra);
    expect(run.status, extra.join(" ")).toBe(3);
    expect(run.stderr).toContain("--target runs each test once in real time");
  }
  const bad = await kvlab("test", "--target", "nowhere");
  expect([bad.status, bad.stderr]).toEqual([3, 'kvlab test: --target: "nowhere" is not an address: expected IP:PORT, e.g. 127.0.0.1:4000 or [::1]:4000\n']);
});
