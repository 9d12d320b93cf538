import { describe, expect, it } from "vitest";
import { Server, compose, encode, profiles, sampleDelayMicros } from "../../labnet/index.js";
import { Slot } from "../../labnet/exchange.js";
import { DEAD_SERVER_POLL_MICROS } from "../../labnet/pipeline.js";
import { keyedUniform } from "../../labnet/rng.js";
import { junkNetwork } from "./junk-server.js";
import { messageKey } from "./messages.js";

/** A round trip on the reliable network, in µs: the request's and the reply's latency, as message `key` draws them. */
function reliableRoundTripMicros(key: number): number {
  return sampleDelayMicros(profiles.reliable.latency, key, Slot.requestLatency) + sampleDelayMicros(profiles.reliable.latency, key, Slot.replyLatency);
}

/** Milliseconds of virtual time as the whole microseconds the clock counts. */
const micros = (ms: number) => Math.round(ms * 1000);

// The simulated network's own unit tests, in virtual time (after labrpc's test suite).
describe("labnet network basics", () => {
  it("basic: a call reaches its handler and brings back the reply", async () => {
    const { sim, net } = junkNetwork(1);
    const end = net.makeEnd("end1-99", { to: "server99" });
    const replies: unknown[] = [];
    sim.spawn("client", async () => {
      replies.push(await end.call("handler2", { n: 111 }));
      replies.push(await end.call("handler1", { text: "9099" }));
    });
    await sim.run();
    expect(replies).toEqual([{ text: "handler2-111" }, { n: 9099 }]);
  });

  it("types: arguments and replies are copies, never shared references", async () => {
    const { sim, net } = junkNetwork(1);
    type Payload = { list: number[]; nested: { text: string } };
    const args: Payload = { list: [1, 2], nested: { text: "a" } };
    let seen: Payload | undefined;
    net.addServer("mutator", () =>
      Server.of({
        mutate(received: Payload) {
          seen = received;
          received.list.push(3);
          return received;
        },
      }),
    );
    const end = net.makeEnd("end", { to: "mutator" });
    let reply: Payload | undefined;
    sim.spawn("client", async () => {
      reply = await end.call<Payload, Payload>("mutate", args);
    });
    await sim.run();
    expect(args.list).toEqual([1, 2]);
    expect(seen).not.toBe(args);
    expect(reply).toEqual({ list: [1, 2, 3], nested: { text: "a" } });
    expect(reply).not.toBe(seen);
  });

  it("disconnect: a disabled end gets no reply; once enabled it works", async () => {
    const { sim, net, junk } = junkNetwork(1);
    net.makeEnd("end1-99");
    net.connect("end1-99", "server99");
    const end = net.makeEnd("end2-99");
    net.connect("end2-99", "server99");
    const replies: unknown[] = [];
    sim.spawn("client", async () => {
      replies.push(await end.call("handler2", { n: 111 }));
      net.enable("end2-99", true);
      replies.push(await end.call("handler1", { text: "9099" }));
    });
    await sim.run();
    expect(replies).toEqual([undefined, { n: 9099 }]);
    expect(junk().log).toEqual(["9099"]);
  });

  it("counts: every executed request counts once for its server", async () => {
    const { sim, net } = junkNetwork(1);
    const end = net.makeEnd("end1-99", { to: "server99" });
    sim.spawn("client", async () => {
      for (let i = 0; i < 17; i++) expect(await end.call("handler2", { n: i })).toEqual({ text: `handler2-${i}` });
    });
    await sim.run();
    expect(net.counts().executed["server99"]).toBe(17);
    expect(net.counts().sent).toBe(17);
  });

  it("bytes: requests count at send and replies at delivery, by encoded size", async () => {
    const { sim, net } = junkNetwork(1);
    const end = net.makeEnd("end1-99", { to: "server99" });
    const text = "x".repeat(71).repeat(2).repeat(2); // 284 characters
    let afterRequests = 0;
    sim.spawn("client", async () => {
      for (let i = 0; i < 17; i++) await end.call("handler1", { text });
      afterRequests = net.counts().bytes;
      for (let i = 0; i < 17; i++) await end.call("handler6", { text: "" });
    });
    await sim.run();
    // Each call adds its request's and its reply's encoded size (handler1 answers { n: NaN }).
    const size = (value: unknown) => encode(value, "message").bytes;
    expect(afterRequests).toBe(17 * (size({ text }) + size({ n: Number.NaN })));
    expect(afterRequests).toBe(5355);
    const replyBytes = net.counts().bytes - afterRequests;
    expect(replyBytes).toBe(17 * (size({ text: "" }) + size({ text: "y".repeat(107) })));
    expect(replyBytes).toBe(2329);
  });

  it("concurrent many: 20 clients with their own ends, 10 calls each, all answered", async () => {
    const { sim, net } = junkNetwork(1);
    let answered = 0;
    for (let c = 0; c < 20; c++) {
      const end = net.makeEnd(`end-${c}`, { to: "server99" });
      sim.spawn(`client-${c}`, async () => {
        for (let i = 0; i < 10; i++) {
          expect(await end.call("handler2", { n: c * 100 + i })).toEqual({ text: `handler2-${c * 100 + i}` });
          answered++;
        }
      });
    }
    await sim.run();
    expect(answered).toBe(200);
    expect(net.counts().executed["server99"]).toBe(200);
  });

  it("unreliable, seed 1: of 300 concurrent calls exactly those whose request and reply both escape their 10% drop draws succeed", async () => {
    const { sim, net } = junkNetwork(1, compose(profiles.unreliable));
    const succeeded: number[] = [];
    for (let c = 0; c < 300; c++) {
      const end = net.makeEnd(`end-${c}`, { to: "server99" });
      sim.spawn(`client-${c}`, async () => {
        const reply = await end.call("handler2", { n: c });
        if (reply !== undefined) {
          expect(reply).toEqual({ text: `handler2-${c}` });
          succeeded.push(c);
        }
      });
    }
    await sim.run();
    // Each client's one call is the first on its end; its key decides both drops.
    const survives = (c: number) => {
      const key = messageKey(1, `end-${c}`, "server99", "handler2", 1);
      return keyedUniform(key, Slot.dropRequest) >= 0.1 && keyedUniform(key, Slot.dropReply) >= 0.1;
    };
    expect(succeeded.sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, c) => c).filter(survives));
    expect(succeeded).toHaveLength(247);
  });

  it("concurrent one: 20 concurrent calls on one end all succeed", async () => {
    const { sim, net, junk } = junkNetwork(1);
    const end = net.makeEnd("end1-99", { to: "server99" });
    let succeeded = 0;
    for (let c = 0; c < 20; c++) {
      sim.spawn(`client-${c}`, async () => {
        expect(await end.call("handler2", { n: 100 + c })).toEqual({ text: `handler2-${100 + c}` });
        succeeded++;
      });
    }
    await sim.run();
    expect(succeeded).toBe(20);
    expect(junk().log).toHaveLength(20);
    expect(net.counts().executed["server99"]).toBe(20);
  });

  it("regression1: calls made while disabled do not delay calls once the end is enabled", async () => {
    const { sim, net, junk } = junkNetwork(1);
    const end = net.makeEnd("end1-99");
    net.connect("end1-99", "server99");
    for (let c = 0; c < 20; c++) sim.spawn(`early-${c}`, () => end.call("handler2", { n: c }));
    let tookMs = Infinity;
    sim.spawn("late", async (env) => {
      await env.sleep(100);
      net.enable("end1-99", true);
      const start = env.now();
      expect(await end.call("handler2", { n: 99 })).toEqual({ text: "handler2-99" });
      tookMs = env.now() - start;
    });
    await sim.run();
    // The late call is the end's 21st (after the 20 early ones), and takes one reliable round trip.
    expect(micros(tookMs)).toBe(reliableRoundTripMicros(messageKey(1, "end1-99", "server99", "handler2", 21)));
    expect(junk().log).toEqual(["99"]);
    expect(net.counts().executed["server99"]).toBe(1);
  });

  it("killed: a call pending in a server that is crashed comes back empty within 100 ms", async () => {
    const { sim, net } = junkNetwork(1);
    const end = net.makeEnd("end1-99", { to: "server99" });
    let reply: unknown = "pending";
    let answeredAt = -1;
    sim.spawn("client", async (env) => {
      reply = await end.call("slow", { text: "x" });
      answeredAt = env.now();
    });
    const paused = await sim.run({ untilMs: 1100 });
    expect(paused.finished).toBe(false);
    expect(reply).toBe("pending");
    net.crash("server99");
    await sim.run();
    expect(reply).toBeUndefined();
    // The request arrived after one latency; the crash at 1100 ms is noticed at the next 100 ms poll since then.
    const arrived = sampleDelayMicros(profiles.reliable.latency, messageKey(1, "end1-99", "server99", "slow", 1), Slot.requestLatency);
    expect(micros(answeredAt)).toBe(arrived + Math.ceil((1_100_000 - arrived) / DEAD_SERVER_POLL_MICROS) * DEAD_SERVER_POLL_MICROS);
    expect(sim.trace.events!.some((event) => event.kind === "deliver")).toBe(false);
  });

  it("an unknown method is a hard failure that names the methods that exist", async () => {
    const { sim, net } = junkNetwork(1);
    const end = net.makeEnd("end1-99", { to: "server99" });
    sim.spawn("client", () => end.call("Handler2", { n: 1 }));
    await expect(sim.run()).rejects.toThrow(/server "server99" has no method "Handler2"; it offers: handler1, handler2, handler6, slow/);
  });
});
