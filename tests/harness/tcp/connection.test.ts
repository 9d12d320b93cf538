import { afterEach, expect, it, vi } from "vitest";
import { TargetConnection } from "../../../src/harness/index.js";
import { fakeDial, pending, testEnv } from "./fake-dial.js";

// The harness's side of a run against a real server: connections opened, counted, watched and closed.
afterEach(() => {
  vi.useRealTimers();
});

it("a call made after a long idle spell is not reported silent at the next tick: quiet time starts when calls begin waiting", async () => {
  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "performance"] });
  const connection = new TargetConnection(fakeDial(() => new Promise(() => {})).dial, testEnv);
  let said: string | undefined;
  const silence = connection.silence(1000);
  void silence.said.then((reason) => (said = reason));
  await vi.advanceTimersByTimeAsync(20_000); // idle: no call waiting
  void connection.connect("clerk-1").call("get", { key: "k" });
  await vi.advanceTimersByTimeAsync(300); // one watch tick with the call waiting 0.3 s
  expect(said).toBeUndefined();
  await vi.advanceTimersByTimeAsync(1000);
  expect(said).toMatch(/^no reply for 1\.\ds with 1 call\(s\) waiting$/);
  silence.stop();
  await connection.close();
});

it("a reply restarts the quiet time: calls answered now and then are no silence", async () => {
  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "performance"] });
  let answer: ((reply: unknown) => void) | undefined;
  const { dial } = fakeDial(() => new Promise((resolve) => (answer = resolve)));
  const connection = new TargetConnection(dial, testEnv);
  let said: string | undefined;
  const silence = connection.silence(1000);
  void silence.said.then((reason) => (said = reason));
  const end = connection.connect("client-1");
  for (let i = 0; i < 5; i++) {
    const call = end.call("echo", { i });
    await vi.advanceTimersByTimeAsync(900);
    answer!({ i });
    await call;
  }
  void end.call("echo", { i: 5 }); // and one more, never answered
  await vi.advanceTimersByTimeAsync(750);
  expect(said).toBeUndefined();
  await vi.advanceTimersByTimeAsync(250);
  expect(said).toBe("no reply for 1.0s with 1 call(s) waiting");
  silence.stop();
});

it("each connect opens one connection with the name asked for; every call is counted as an RPC, resends and lost ones included", async () => {
  let lose = true;
  const { dial, opened } = fakeDial(async (_method, args) => ((lose = !lose) ? undefined : args));
  const connection = new TargetConnection(dial, testEnv);
  const a = connection.connect("clerk-1");
  const b = connection.connect("clerk-2");
  expect([a.name, b.name, opened.map((end) => end.client)]).toEqual(["clerk-1", "clerk-2", ["clerk-1", "clerk-2"]]);
  expect(await a.call("get", { key: "x" })).toEqual({ key: "x" });
  expect(await a.call("get", { key: "x" })).toBeUndefined();
  expect(await b.call("put", { key: "y" })).toEqual({ key: "y" });
  expect(connection.rpcs).toBe(3);
  // The end passes calls through as they are: a namespace is the lab's to apply.
  expect(opened.map((end) => end.calls)).toEqual([
    [
      { method: "get", args: { key: "x" } },
      { method: "get", args: { key: "x" } },
    ],
    [{ method: "put", args: { key: "y" } }],
  ]);
});

it("close closes every connection; afterwards a call never returns and sends nothing, and connect opens nothing", async () => {
  const { dial, opened } = fakeDial();
  const connection = new TargetConnection(dial, testEnv);
  const end = connection.connect("clerk-1");
  connection.connect("clerk-2");
  await connection.close();
  expect(opened.map((made) => made.closed)).toEqual([true, true]);
  const late = end.call("get", { key: "k" });
  const later = connection.connect("clerk-3").call("get", { key: "k" });
  expect(await pending(late)).toBe(true);
  expect(await pending(later)).toBe(true);
  expect([opened.length, opened[0]!.calls.length, connection.rpcs]).toEqual([2, 0, 0]);
});

it("a namespace per run's connection, never the same for two; the env it was given; the run's budget", () => {
  const { dial } = fakeDial();
  const first = new TargetConnection(dial, testEnv, 500);
  const second = new TargetConnection(dial, testEnv);
  expect(first.namespace).toMatch(/^kvlab-[0-9a-f]{12}\/$/);
  expect(second.namespace).not.toBe(first.namespace);
  expect([first.checkSteps, second.checkSteps]).toEqual([500, undefined]);
  expect(first.env).toBe(testEnv);
});
