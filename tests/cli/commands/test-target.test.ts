import { pino } from "pino";
import { afterEach, expect, it, vi } from "vitest";
import { runTarget } from "../../../src/cli/commands/test-target.js";
import type { Lab, TestDefinition } from "../../../src/harness/index.js";
import { allTests, kvLab } from "../../../src/labs/kv/index.js";
import { KvsServer } from "../../../src/real/server/index.js";
import { echoLab, echoServers, echoTwice } from "../../harness/tcp/echo-lab.js";
import { fakeDial } from "../../harness/tcp/fake-dial.js";
import getNeverErrNoKey from "../../real/fixtures/get-never-errnokey.js";
import { MemoryEngine } from "../../real/support/memory-engine.js";

// `kvlab test --target` as the command runs it, in this process: what it prints and the status it decides.
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** Runs the command's `runTarget`, collecting what it writes and the exit status it decided. */
async function target(...args: Parameters<typeof runTarget>): Promise<{ status: unknown; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    await runTarget(...args);
  } finally {
    vi.restoreAllMocks();
  }
  const status = process.exitCode;
  process.exitCode = undefined;
  return { status, stdout, stderr };
}

it("a lab with no real world, or no real target: one line naming the lab, exit 3, before the address is even read", async () => {
  const { realWorld: _, ...noWorld } = echoLab;
  const { realTarget: __, ...noTarget } = echoLab;
  for (const lab of [noWorld, noTarget]) {
    const run = await target({ target: "nowhere", json: false }, lab as Lab, echoLab.reference, [echoTwice as TestDefinition]);
    expect(run).toEqual({ status: 3, stdout: "", stderr: 'kvlab test: --target: the lab "echo" (the echo lab) has no real server to run against\n' });
  }
});

it("a lab that is not KV runs against its own server through its realTarget: passes, its connections named for its clients", async () => {
  const server = fakeDial();
  echoServers.set(4200, server.dial);
  try {
    const run = await target({ target: "127.0.0.1:4200", json: true }, echoLab as Lab, echoLab.reference, [echoTwice as TestDefinition]);
    expect([run.status, run.stderr]).toEqual([0, ""]);
    expect(JSON.parse(run.stdout)).toMatchObject([{ suite: "echo", test: "TestEchoTwice", verdict: "pass", rpcs: 4, ops: 4 }]);
    expect(server.opened.map((end) => [end.client, end.closed])).toEqual([
      ["client-1", true],
      ["client-2", true],
    ]);
  } finally {
    echoServers.delete(4200);
  }
});

it("a lab's server that does not answer its probe: the lab's one line, exit 3, nothing run", async () => {
  const run = await target({ target: "127.0.0.1:4201", json: false }, echoLab as Lab, echoLab.reference, [echoTwice as TestDefinition]);
  expect(run).toEqual({ status: 3, stdout: "", stderr: "kvlab test: cannot reach echo-server at 127.0.0.1:4201: nothing listens (waited 3000 ms)\n" });
});

it("a failure's rerun command names the implementation, the target, the test and the budget, which changes the outcome", async () => {
  const server = new KvsServer(new MemoryEngine(), pino({ level: "silent" }));
  const { port } = await server.listen({ host: "127.0.0.1", port: 0 });
  try {
    const impl = "tests/real/fixtures/get-never-errnokey.ts";
    const tests = allTests.filter((test) => ["TestReliablePut", "TestUnreliableNet"].includes(test.name));
    const run = await target({ target: `127.0.0.1:${port}`, impl, json: false, budget: 900 }, kvLab as Lab, getNeverErrNoKey, tests);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain(`rerun: npx kvlab test --impl ${impl} --target 127.0.0.1:${port} --test TestReliablePut --budget 900\n`);
    expect(run.stdout).toContain("  ... Skipped -- needs the simulated unreliable network\n");
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe("0 passed, 1 failed, 1 skipped");
  } finally {
    await server.stop();
  }
});
