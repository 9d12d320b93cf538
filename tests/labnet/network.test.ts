import { describe, expect, it } from "vitest";
import { Server, compose, profiles } from "../../labnet/index.js";
import { junkNetwork } from "./junk-server.js";

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
    expect(afterRequests).toBeGreaterThanOrEqual(4828);
    expect(afterRequests).toBeLessThanOrEqual(6000);
    const replyBytes = net.counts().bytes - afterRequests;
    expect(replyBytes).toBeGreaterThanOrEqual(1800);
    expect(replyBytes).toBeLessThanOrEqual(2500);
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

  it("unreliable: of 300 concurrent calls some succeed and some do not", async () => {
    const { sim, net } = junkNetwork(1, compose(profiles.unreliable));
    let succeeded = 0;
    for (let c = 0; c < 300; c++) {
      const end = net.makeEnd(`end-${c}`, { to: "server99" });
      sim.spawn(`client-${c}`, async () => {
        const reply = await end.call("handler2", { n: c });
        if (reply !== undefined) {
          expect(reply).toEqual({ text: `handler2-${c}` });
          succeeded++;
        }
      });
    }
    await sim.run();
    expect(succeeded, "all RPCs succeeded despite unreliable").toBeLessThan(300);
    expect(succeeded).toBeGreaterThan(0);
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
    expect(tookMs).toBeLessThan(30);
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
    expect(answeredAt - 1100).toBeLessThanOrEqual(100);
    expect(sim.trace.events!.some((event) => event.kind === "deliver")).toBe(false);
  });

  it("an unknown method is a hard failure that names the methods that exist", async () => {
    const { sim, net } = junkNetwork(1);
    const end = net.makeEnd("end1-99", { to: "server99" });
    sim.spawn("client", () => end.call("Handler2", { n: 1 }));
    await expect(sim.run()).rejects.toThrow(/server "server99" has no method "Handler2"; it offers: handler1, handler2, handler6, slow/);
  });
});
