import { afterEach, expect, it, vi } from "vitest";
import { LabFailure, runOnTarget, runsOverTcp, targetDial, type Lab, type Run } from "../../../src/harness/index.js";
import { EchoWorld, echoLab, echoReference, echoServers, echoTarget, echoTest, echoTwice, type EchoImplementation } from "./echo-lab.js";
import { fakeDial } from "./fake-dial.js";

// runOnTarget on a lab that is not KV (the echo lab), its server a fake one in memory.
afterEach(() => {
  vi.useRealTimers();
});

/** A run of `definition` in the echo lab against a server, with `options`. */
function echoRun(definition = echoTwice, options: Run["options"] = {}, lab: Lab<EchoImplementation, EchoWorld> = echoLab): Run {
  return { lab: lab as Lab, impl: echoReference, definition, seed: 0, options: { target: "127.0.0.1:4000", ...options } };
}

it("runs a lab's test in its real world over the harness's connections: a pass, the RPCs counted by the harness, the operations by the world, every connection closed", async () => {
  const { dial, opened } = fakeDial();
  const report = await runOnTarget(echoRun(), dial);
  expect(report).toMatchObject({ suite: "echo", test: "TestEchoTwice", title: "Test: TestEchoTwice", reliable: true, seed: 0, verdict: "pass", info: [], peers: 1, rpcs: 4, ops: 4, traceHash: "" });
  expect(report).not.toHaveProperty("message");
  expect(report).not.toHaveProperty("uncheckedHistories");
  expect(report.virtualMs).toBe(report.wallMs);
  expect(opened.map((end) => [end.calls.length, end.closed])).toEqual([
    [2, true],
    [2, true],
  ]);
});

it("the world gets the run's budget and a namespace of its own through the connection", async () => {
  const seen: { checkSteps?: number; namespace: string }[] = [];
  const watching = echoTest("TestSees", async (world) => {
    seen.push({ checkSteps: world.connection.checkSteps, namespace: world.connection.namespace });
  });
  await runOnTarget(echoRun(watching, { checkSteps: 77 }), fakeDial().dial);
  await runOnTarget(echoRun(watching), fakeDial().dial);
  expect(seen.map((s) => s.checkSteps)).toEqual([77, undefined]);
  expect(seen[0]!.namespace).toMatch(/^kvlab-[0-9a-f]{12}\/$/);
  expect(seen[1]!.namespace).not.toBe(seen[0]!.namespace);
});

it("a test that fails: its Fatal text, what the world noted, and every connection still closed", async () => {
  const { dial, opened } = fakeDial(async () => ({ text: "wrong" }));
  const report = await runOnTarget(echoRun(), dial);
  expect([report.verdict, report.message, report.rpcs, report.ops]).toEqual(["fail", "echo(a) returned wrong", 1, 1]);
  expect(opened.map((end) => end.closed)).toEqual([true, true]);
  const noting = echoTest("TestNotes", async (world) => {
    world.notes.checkOutOfBudget();
    world.notes.checkOutOfBudget();
  });
  const noted = await runOnTarget(echoRun(noting), dial);
  expect([noted.verdict, noted.info.length, noted.uncheckedHistories]).toEqual(["pass", 2, 2]);
});

it("a test that throws something other than the lab's failure: the error's name and message, and where in the user's file, as in a simulation", async () => {
  const throwing = echoTest("TestThrows", async (world) => {
    world.client();
    throw new RangeError("out of range");
  });
  const { dial, opened } = fakeDial();
  const report = await runOnTarget(echoRun(throwing), dial);
  expect(report.verdict).toBe("fail");
  expect(report.message).toMatch(/^RangeError: out of range \(at tests\/harness\/tcp\/run-target\.test\.ts:\d+:\d+\)$/);
  expect(opened.map((end) => end.closed)).toEqual([true]);
});

it("a user's client that throws over TCP: its error and its line, the lab's own failure as is", async () => {
  const throwing: EchoImplementation = {
    createClient: () => ({
      echo: async () => {
        throw new TypeError("no echo today");
      },
    }),
  };
  const report = await runOnTarget({ ...echoRun(), impl: throwing }, fakeDial().dial);
  expect(report.message).toMatch(/^TypeError: no echo today \(at tests\/harness\/tcp\/run-target\.test\.ts:\d+:\d+\)$/);
  const thrownValue = echoTest("TestThrowsText", async () => {
    throw "plain words";
  });
  expect((await runOnTarget(echoRun(thrownValue), fakeDial().dial)).message).toBe("'plain words'");
});

it("tests that need the simulation, or that the implementation cannot run, are skipped saying why, with no connection made", async () => {
  const { dial, opened } = fakeDial();
  const unreliable = echoTest("TestLossy", echoTwice.body, { reliable: false });
  const simulated = echoTest("TestServerObject", echoTwice.body, { needsSimulation: true });
  const saying = echoTest("TestCuts", echoTwice.body, { needsSimulation: "it cuts the network" });
  const choosy: Lab<EchoImplementation, EchoWorld> = { ...echoLab, unsupported: (_impl, definition) => (definition.name === "TestEchoTwice" ? "the implementation cannot echo twice" : undefined) };
  const reports = [await runOnTarget(echoRun(unreliable), dial), await runOnTarget(echoRun(simulated), dial), await runOnTarget(echoRun(saying), dial), await runOnTarget(echoRun(echoTwice, {}, choosy), dial)];
  expect(reports.map((report) => [report.test, report.verdict, report.message, report.seed, report.rpcs])).toEqual([
    ["TestLossy", "skip", "needs the simulated unreliable network", 0, 0],
    ["TestServerObject", "skip", "needs the simulation", 0, 0],
    ["TestCuts", "skip", "needs the simulation (it cuts the network)", 0, 0],
    ["TestEchoTwice", "skip", "the implementation cannot echo twice", 0, 0],
  ]);
  expect(opened).toEqual([]);
  expect([unreliable, simulated, saying, echoTwice].map(runsOverTcp)).toEqual([false, false, false, true]);
});

it("a server that stops answering fails the test after the silence bound, naming the server as the lab does, and its connection is closed", async () => {
  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "performance"] });
  const { dial, opened } = fakeDial(() => new Promise(() => {}));
  const report = runOnTarget(echoRun(), dial, { silenceMs: 1000 });
  await vi.advanceTimersByTimeAsync(1000);
  expect(await report).toMatchObject({ verdict: "fail", message: "the echo-server stopped answering: no reply for 1.0s with 1 call(s) waiting", rpcs: 1 });
  expect(opened.map((end) => end.closed)).toEqual([true, true]);
});

it("a lab with no real world, or no real target, cannot be run against a server: an error naming it, not a report", async () => {
  const { realWorld: _, ...noWorld } = echoLab;
  const { realTarget: __, ...noTarget } = echoLab;
  for (const lab of [noWorld, noTarget]) await expect(runOnTarget(echoRun(echoTwice, {}, lab), fakeDial().dial)).rejects.toThrow('the echo lab ("echo") has no world against a real server');
});

it("the world's connection runs on the lab's real time, and targetDial opens the lab's connections at the address, each for its client", async () => {
  const server = fakeDial();
  echoServers.set(4100, server.dial);
  try {
    const watching = echoTest("TestEnv", async (world, tester) => {
      expect([world.connection.env, tester]).toEqual([echoTarget.env, echoTarget.env]);
      await world.client().echo("x");
    });
    const report = await runOnTarget(echoRun(watching), targetDial(echoTarget, { host: "127.0.0.1", port: 4100 }));
    expect([report.verdict, server.opened.map((end) => [end.client, end.calls, end.closed])]).toEqual(["pass", [["client-1", [{ method: "echo", args: { text: "x" } }], true]]]);
  } finally {
    echoServers.delete(4100);
  }
});

it("the world's close is called when the run ends, failed or not", async () => {
  let closes = 0;
  const closing: Lab<EchoImplementation, EchoWorld> = { ...echoLab, realWorld: (impl, connection) => Object.assign(new EchoWorld(impl, connection), { close: () => void closes++ }) };
  const failing = echoTest("TestFails", async () => {
    throw new LabFailure("no");
  });
  expect((await runOnTarget(echoRun(echoTwice, {}, closing), fakeDial().dial)).verdict).toBe("pass");
  expect((await runOnTarget(echoRun(failing, {}, closing), fakeDial().dial)).verdict).toBe("fail");
  expect(closes).toBe(2);
});
