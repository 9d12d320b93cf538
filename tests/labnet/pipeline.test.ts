import { describe, expect, it } from "vitest";
import { EncodeError, Network, Server, Simulation, compose, encode, profiles, type Execution, type FaultProfile } from "../../labnet/index.js";
import { sampleDelayMicros } from "../../labnet/delay.js";
import { Slot } from "../../labnet/exchange.js";
import { DEAD_SERVER_POLL_MICROS } from "../../labnet/pipeline.js";
import { keyedUniform } from "../../labnet/rng.js";
import { messageKey } from "./messages.js";

function echoNetwork(profile?: FaultProfile, seed = 1) {
  const sim = new Simulation({ seed, trace: true });
  const net = new Network(sim, profile);
  net.addServer("s", () => Server.of({ echo: (args: unknown) => args }));
  return { sim, net };
}

const FIXED_1MS = compose({ name: "fixed-1ms", latency: { kind: "fixed", ms: 1 } });

describe("labnet pipeline: how long a call takes, from its key", () => {
  it("an answered call takes request latency + request delay + reply latency (+ the hold-back when drawn); a lost one its request's way", async () => {
    const seed = 5;
    const profile = compose(profiles.unreliable, profiles.longReordering);
    const { sim, net } = echoNetwork(profile, seed);
    const end = net.makeEnd("c", { to: "s" });
    const outcomes: { seq: number; micros: number; answered: boolean }[] = [];
    sim.spawn("c", async (env) => {
      for (let seq = 1; seq <= 100; seq++) {
        const start = env.now();
        const reply = await end.call("echo", { seq });
        outcomes.push({ seq, micros: Math.round((env.now() - start) * 1000), answered: reply !== undefined });
      }
    });
    await sim.run();
    let held = 0;
    for (const { seq, micros, answered } of outcomes) {
      const key = messageKey(seed, "c", "s", "echo", seq);
      const request = sampleDelayMicros(profile.latency, key, Slot.requestLatency) + sampleDelayMicros(profile.requestDelay, key, Slot.requestDelay);
      if (!answered) {
        // A dropped request fails when it would have arrived; a dropped reply, as the handler returns.
        expect(micros, `call ${seq}`).toBe(request);
        continue;
      }
      const heldBack = keyedUniform(key, Slot.reorder) < profile.reorder;
      if (heldBack) held++;
      const reply = sampleDelayMicros(profile.latency, key, Slot.replyLatency) + (heldBack ? sampleDelayMicros(profile.reorderDelay, key, Slot.reorderDelay) : 0);
      expect(micros, `call ${seq}`).toBe(request + reply);
    }
    expect(outcomes.filter((o) => o.answered).length).toBe(85);
    expect(held).toBe(62);
  });

  it("a call to a server it cannot reach fails after the profile's unreachable delay for its key", async () => {
    const { sim, net } = echoNetwork(undefined, 3);
    const end = net.makeEnd("c", { to: "nowhere" });
    const took: number[] = [];
    sim.spawn("c", async (env) => {
      for (let i = 0; i < 5; i++) {
        const start = env.now();
        expect(await end.call("echo", {})).toBeUndefined();
        took.push(Math.round((env.now() - start) * 1000));
      }
    });
    await sim.run();
    const expected = [1, 2, 3, 4, 5].map((seq) => sampleDelayMicros(profiles.reliable.unreachable, messageKey(3, "c", "nowhere", "echo", seq), Slot.unreachable));
    expect(took).toEqual(expected);
  });

  it("a call pending in a crashed server fails at the next 100 ms poll counted from when its handler started", async () => {
    const sim = new Simulation({ seed: 1, trace: true });
    const net = new Network(sim, FIXED_1MS);
    net.addServer("s", ({ env }) => Server.of({ slow: async () => (await env.sleep(1000), {}) }));
    const end = net.makeEnd("c", { to: "s" });
    let failedAt = -1;
    sim.spawn("c", async (env) => {
      expect(await end.call("slow", {})).toBeUndefined();
      failedAt = env.now();
    });
    sim.spawn("killer", async (env) => {
      await env.sleep(251); // the handler started at 1 ms: 250 ms in, the next poll is 50 ms away
      net.crash("s");
    });
    await sim.run();
    expect(DEAD_SERVER_POLL_MICROS).toBe(100_000);
    expect(failedAt).toBe(301);
    expect(sim.trace.events!.filter((e) => e.kind === "lost").map((e) => e.time)).toEqual([301_000]);
  });
});

describe("labnet pipeline: copies, answers and counts", () => {
  it("the first copy's answer settles the call; the later one is discarded", async () => {
    const { sim, net } = echoNetwork(FIXED_1MS);
    net.decide("c#1", { duplicate: true, delayMs: 5 });
    const end = net.makeEnd("c", { to: "s" });
    sim.spawn("c", async (env) => {
      expect(await end.call("echo", { n: 1 })).toEqual({ n: 1 });
      await env.sleep(10);
    });
    await sim.run();
    expect(sim.trace.events!.map((e) => `${e.time / 1000} ${e.kind} ${e.subject}`).filter((line) => !/spawn|finish|timer|connect|enable/.test(line))).toEqual([
      "0 send c#1 echo→s",
      "0 duplicate c#1 echo→s (copy 1)",
      "1 execute c#1 echo→s (copy 1)",
      "1 reply c#1 echo→s (copy 1)",
      "2 deliver c#1 echo→s (copy 1)",
      "6 execute c#1 echo→s",
      "6 reply c#1 echo→s",
      "7 discard c#1 echo→s",
    ]);
  });

  it("a duplicated call is lost only when both copies are", async () => {
    const { sim, net } = echoNetwork(compose({ name: "lossy", dropRequest: 1, duplicate: 1 }));
    const end = net.makeEnd("c", { to: "s" });
    let reply: unknown = "pending";
    sim.spawn("c", async () => {
      reply = await end.call("echo", {});
    });
    await sim.run();
    expect(reply).toBeUndefined();
    expect(sim.trace.events!.filter((e) => e.kind === "drop-request")).toHaveLength(2);
    expect(sim.trace.events!.filter((e) => e.kind === "lost")).toHaveLength(1);
    expect(net.counts().lost).toBe(1);
  });

  it("counts requests' bytes when sent and replies' bytes when delivered, by their encoded size", async () => {
    const { sim, net } = echoNetwork();
    net.addServer("idle", () => Server.of({}));
    net.decide("c#2", { dropReply: true });
    const end = net.makeEnd("c", { to: "s" });
    const args = [{ text: "hello" }, { list: [1, 2, 3] }, { nested: { ok: true, note: "é" } }];
    sim.spawn("c", async () => {
      for (const a of args) {
        await end.call("echo", a);
        net.countOperation();
      }
    });
    await sim.run();
    const size = (value: unknown) => encode(value, "x").bytes;
    const requestBytes = args.reduce((sum, a) => sum + size(a), 0);
    const replyBytes = size(args[0]) + size(args[2]); // the second reply was lost
    expect(net.counts()).toEqual({
      sent: 3,
      bytes: requestBytes + replyBytes,
      executed: { s: 3, idle: 0 },
      delivered: 2,
      lost: 1,
      operations: 3,
      messagesPerOperation: 5 / 3,
    });
  });

  it("a fresh network counts nothing, and no operation means no messages per operation", () => {
    const { net } = echoNetwork();
    expect(net.counts()).toEqual({ sent: 0, bytes: 0, executed: { s: 0 }, delivered: 0, lost: 0, operations: 0, messagesPerOperation: 0 });
  });

  it("a reply to an end disabled while its handler ran is dropped", async () => {
    const sim = new Simulation({ seed: 1, trace: true });
    const net = new Network(sim);
    let release: () => void = () => {};
    net.addServer("s", () => Server.of({ wait: () => new Promise<object>((resolve) => (release = () => resolve({}))) }));
    const end = net.makeEnd("c", { to: "s" });
    let reply: unknown = "pending";
    sim.spawn("c", async () => {
      reply = await end.call("wait", {});
    });
    sim.spawn("switch", async (env) => {
      await env.sleep(1);
      net.enable("c", false);
      net.enable("c", true); // too late: the call was given up while disabled
      release();
      await env.sleep(200);
    });
    await sim.run();
    expect(reply).toBeUndefined();
    expect(sim.trace.events!.some((e) => e.kind === "reply")).toBe(false);
  });
});

describe("labnet pipeline: what breaks the RPC contract", () => {
  async function failure(handler: (args: unknown) => unknown): Promise<Error> {
    const sim = new Simulation({ seed: 1 });
    const net = new Network(sim);
    net.addServer("s", () => Server.of({ h: handler }));
    const end = net.makeEnd("c", { to: "s" });
    sim.spawn("c", () => end.call("h", {}));
    return sim.run().then(() => {
      throw new Error("the run succeeded");
    }, (error: Error) => error);
  }

  it("a handler that throws fails the run, naming the server, the method and what it threw", async () => {
    const error = await failure(() => {
      throw new RangeError("bad index");
    });
    expect(error.message).toBe('server "s" handler "h" threw: bad index');
    expect(error.cause).toBeInstanceOf(RangeError);
    expect((await failure(() => Promise.reject(new Error("async bad")))).message).toBe('server "s" handler "h" threw: async bad');
    expect((await failure(() => {
      throw "why";
    })).message).toBe("server \"s\" handler \"h\" threw: 'why'");
  });

  it("a reply that cannot cross the network fails the run, naming the server, method and field", async () => {
    const error = await failure(() => ({ at: new Date(0) }));
    expect(error).toBeInstanceOf(EncodeError);
    expect(error.message).toBe("s.h reply.at is a Date; RPC messages carry only plain objects, arrays and primitives");
  });

  it("arguments that cannot cross fail the run at once with the method and field named, awaited or not, and are counted as sent", async () => {
    for (const awaited of [true, false]) {
      const { sim, net } = echoNetwork();
      const end = net.makeEnd("c", { to: "s" });
      let returned = false;
      sim.spawn("c", async () => {
        // A call nobody awaits (fire and forget) fails the run just the same.
        if (awaited) await end.call("echo", { f: () => 1 });
        else void end.call("echo", { f: () => 1 });
        await new Promise<void>((wake) => setImmediate(wake));
        returned = true;
      });
      const error = await sim.run().then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(EncodeError);
      expect((error as Error).message).toBe("echo args.f is a function; RPC messages carry only plain data");
      expect(returned).toBe(false);
      expect(net.counts()).toMatchObject({ sent: 1, bytes: 0, executed: { s: 0 } });
    }
  });

  it("an unknown method is a hard failure that names the methods that exist, or says there are none", async () => {
    const sim = new Simulation({ seed: 1 });
    const net = new Network(sim);
    net.addServer("empty", () => Server.of({}));
    const end = net.makeEnd("c", { to: "empty" });
    sim.spawn("c", () => end.call("get", {}));
    await expect(sim.run()).rejects.toThrow('server "empty" has no method "get"; it offers: (none)');
  });
});

describe("labnet execution observer", () => {
  it("reports every finished handler run with its arguments, reply and times, lost replies included", async () => {
    const { sim, net } = echoNetwork(FIXED_1MS);
    const seen: Execution[] = [];
    net.onExecution((e) => seen.push(e));
    net.decide("c#2", { dropReply: true });
    const end = net.makeEnd("c", { to: "s" });
    sim.spawn("c", async () => {
      await end.call("echo", { n: 1 });
      await end.call("echo", { n: 2 });
    });
    await sim.run();
    expect(seen).toEqual([
      { id: "c#1", copy: 0, server: "s", incarnation: 1, method: "echo", args: { n: 1 }, reply: { n: 1 }, startMs: 1, endMs: 1, abandoned: false },
      { id: "c#2", copy: 0, server: "s", incarnation: 1, method: "echo", args: { n: 2 }, reply: { n: 2 }, startMs: 3, endMs: 3, abandoned: false },
    ]);
  });

  it("reports a handler that awaited with its whole span, and marks it abandoned when a crash gave up on it", async () => {
    const sim = new Simulation({ seed: 1 });
    const net = new Network(sim, FIXED_1MS);
    net.addServer("s", ({ env }) => Server.of({ slow: async () => (await env.sleep(100), { done: true }) }));
    const seen: Execution[] = [];
    net.onExecution((e) => seen.push(e));
    const end = net.makeEnd("c", { to: "s" });
    sim.spawn("c", async () => {
      await end.call("slow", {});
    });
    sim.spawn("killer", async (env) => {
      await env.sleep(50);
      net.crash("s");
    });
    await sim.run({ untilMs: 500 });
    expect(seen).toEqual([expect.objectContaining({ id: "c#1", startMs: 1, endMs: 101, reply: { done: true }, abandoned: true })]);
  });

  it("an observer that crashes the server as an awaited handler finishes gives up that copy: its reply never leaves", async () => {
    const sim = new Simulation({ seed: 1 });
    const net = new Network(sim, FIXED_1MS);
    net.addServer("s", ({ env }) => Server.of({ slow: async () => (await env.sleep(1), { done: true }) }));
    net.onExecution(() => net.crash("s"));
    const end = net.makeEnd("c", { to: "s" });
    let answer: unknown = "still waiting";
    sim.spawn("c", async () => {
      answer = await end.call("slow", {});
    });
    await sim.run();
    expect(answer).toBeUndefined();
    expect(net.counts()).toMatchObject({ delivered: 0, lost: 1 });
  });
});

describe("labnet pipeline: a reply that reaches a deleted end", () => {
  it("is lost: the call comes back empty (and the trace says discard, then lost) instead of waiting for ever", async () => {
    const sim = new Simulation({ seed: 1, trace: true });
    const net = new Network(sim, FIXED_1MS);
    net.addServer("s", () => Server.of({ echo: (args: unknown) => args }));
    const end = net.makeEnd("c", { to: "s" });
    let answer: unknown = "still waiting";
    sim.spawn("c", async () => {
      answer = await end.call("echo", { x: 1 });
    });
    // The request arrives at 1 ms and the reply would arrive at 2 ms: the end is deleted between.
    sim.spawn("deleter", async (env) => {
      await env.sleep(1.5);
      net.deleteEnd("c");
    });
    await sim.run();
    expect(answer).toBeUndefined();
    const kinds = (sim.trace.events ?? []).map((event) => event.kind);
    expect(kinds.slice(kinds.indexOf("discard"), kinds.indexOf("discard") + 2)).toEqual(["discard", "lost"]);
    expect(net.counts().lost).toBe(1);
  });
});
