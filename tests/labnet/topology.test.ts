import { describe, expect, it } from "vitest";
import { Network, Persister, Server, Simulation, type ServerContext } from "../../labnet/index.js";
import type { Delivery } from "../../labnet/exchange.js";
import { Topology } from "../../labnet/topology.js";

/** A counter server whose count survives crashes through its persister. */
class DurableCounter {
  private count: number;
  constructor(private readonly persister: Persister) {
    this.count = Number(persister.readRaftState() || "0");
  }
  bump() {
    this.count++;
    this.persister.save(String(this.count));
    return { count: this.count };
  }
  read() {
    return { count: this.count };
  }
}

function counterNetwork(seed = 1) {
  const sim = new Simulation({ seed, trace: true });
  const net = new Network(sim);
  net.addServer("counter", ({ persister }) => Server.of(new DurableCounter(persister)));
  return { sim, net };
}

/** Makes end `name` (on host `host`, default its name), calls bump once, runs; returns the reply. */
async function callOnce(net: Network, sim: Simulation, name: string, host?: string) {
  const end = net.makeEnd(name, host === undefined ? { to: "counter" } : { to: "counter", host });
  let reply: unknown = "pending";
  sim.spawn(name, async () => {
    reply = await end.call("bump", {});
  });
  await sim.run();
  return reply;
}

const kinds = (sim: Simulation) => sim.trace.events!.map((e) => e.kind);
const lines = (sim: Simulation, kind: string) => sim.trace.events!.filter((e) => e.kind === kind).map((e) => (e.detail ? `${e.subject} ${e.detail}` : e.subject));

describe("labnet partitions", () => {
  it("a symmetric partition stops requests; heal lets them through again", async () => {
    const { sim, net } = counterNetwork();
    net.partition(["c1"], ["counter"]);
    expect(await callOnce(net, sim, "c1")).toBeUndefined();
    expect(net.counts().executed["counter"]).toBe(0);
    net.heal();
    expect(await callOnce(net, sim, "c2")).toEqual({ count: 1 });
    expect(lines(sim, "partition")).toEqual(["c1 <-/-> counter"]);
    expect(lines(sim, "heal")).toEqual(["network"]);
  });

  it("a symmetric partition is the same whichever side is named first", async () => {
    const { sim, net } = counterNetwork();
    net.partition(["counter"], ["c1"]);
    expect(await callOnce(net, sim, "c1")).toBeUndefined();
    expect(net.counts().executed["counter"]).toBe(0);
    expect(lines(sim, "unreachable")).toEqual(["c1#1 bump→counter"]);
  });

  it("a one-way cut towards the server loses requests; one away from it loses only replies", async () => {
    const { sim, net } = counterNetwork();
    net.partition(["c1"], ["counter"], { oneWay: true });
    expect(await callOnce(net, sim, "c1")).toBeUndefined();
    expect(net.counts().executed["counter"]).toBe(0);
    net.heal();
    net.partition(["counter"], ["c2"], { oneWay: true });
    expect(await callOnce(net, sim, "c2")).toBeUndefined();
    expect(net.counts().executed["counter"]).toBe(1);
    expect(lines(sim, "drop-reply")).toEqual(["c2#1 bump→counter"]);
    expect(lines(sim, "partition")).toEqual(["c1 -/-> counter", "counter -/-> c2"]);
  });

  it("a partition cuts only the hosts it names, and hosts are what it names, not ends", async () => {
    const { sim, net } = counterNetwork();
    net.partition(["laptop", "phone"], ["counter"]);
    expect(await callOnce(net, sim, "mail", "laptop")).toBeUndefined();
    expect(await callOnce(net, sim, "chat", "phone")).toBeUndefined();
    expect(await callOnce(net, sim, "laptop")).toBeUndefined(); // an end named like a cut host lives on it
    expect(await callOnce(net, sim, "web", "desktop")).toEqual({ count: 1 });
    expect(lines(sim, "partition")).toEqual(["laptop,phone <-/-> counter"]);
  });

  it("a link cut while the request travels makes the call unreachable when it arrives", async () => {
    const { sim, net } = counterNetwork();
    const end = net.makeEnd("c", { to: "counter" });
    let reply: unknown = "pending";
    sim.spawn("c", async () => {
      reply = await end.call("bump", {});
    });
    sim.spawn("cutter", async (env) => {
      await env.sleep(0.01); // 10 µs: after the send, before the request's hop (at least 50 µs) ends
      net.partition(["c"], ["counter"]);
    });
    await sim.run();
    expect(reply).toBeUndefined();
    expect(net.counts().executed["counter"]).toBe(0);
    expect(kinds(sim).filter((k) => ["send", "partition", "unreachable", "lost"].includes(k))).toEqual(["send", "partition", "unreachable", "lost"]);
  });

  it("heal restores every cut link at once, one-way and symmetric alike", async () => {
    const { sim, net } = counterNetwork();
    net.partition(["a"], ["counter"]);
    net.partition(["counter"], ["b"], { oneWay: true });
    net.heal();
    expect(await callOnce(net, sim, "a")).toEqual({ count: 1 });
    expect(await callOnce(net, sim, "b")).toEqual({ count: 2 });
  });
});

describe("labnet crashes and restarts", () => {
  it("a crashed server answers nothing; restarted, it recovers what it persisted", async () => {
    const { sim, net } = counterNetwork();
    const end = net.makeEnd("c", { to: "counter" });
    const replies: unknown[] = [];
    sim.spawn("c", async () => {
      replies.push(await end.call("bump", {}), await end.call("bump", {}));
      net.crash("counter");
      expect(net.isRunning("counter")).toBe(false);
      replies.push(await end.call("bump", {}));
      expect(() => net.restart("nobody")).toThrow('no server named "nobody"; servers: counter');
      net.restart("counter");
      expect(net.isRunning("counter")).toBe(true);
      expect(() => net.restart("counter")).toThrow('server "counter" is running; crash it before restarting it');
      replies.push(await end.call("read", {}));
    });
    await sim.run();
    expect(replies).toEqual([{ count: 1 }, { count: 2 }, undefined, { count: 2 }]);
    expect(lines(sim, "crash")).toEqual(["counter"]);
    expect(lines(sim, "restart")).toEqual(["counter incarnation 2"]);
  });

  it("crashing a crashed server changes nothing and records nothing", () => {
    const { sim, net } = counterNetwork();
    net.crash("counter");
    net.crash("counter");
    expect(lines(sim, "crash")).toEqual(["counter"]);
    expect(() => net.crash("nobody")).toThrow('no server named "nobody"; servers: counter');
  });

  it("each incarnation is built by the factory with its number, its own env and the persister's last state", () => {
    const sim = new Simulation({ seed: 1 });
    const net = new Network(sim);
    const contexts: ServerContext[] = [];
    net.addServer("kv", (context) => {
      contexts.push(context);
      context.persister.save(`saved by ${context.incarnation}`);
      return Server.of({});
    });
    net.crash("kv");
    net.restart("kv");
    net.crash("kv");
    net.restart("kv");
    expect(contexts.map((c) => [c.name, c.incarnation])).toEqual([["kv", 1], ["kv", 2], ["kv", 3]]);
    expect(new Set(contexts.map((c) => c.env)).size).toBe(3);
    expect(contexts[2]!.persister.readRaftState()).toBe("saved by 3");
    expect(contexts[0]!.persister.readRaftState()).toBe("saved by 1"); // the dead incarnation kept its own copy
  });

  it("server names are unique", () => {
    const { net } = counterNetwork();
    expect(() => net.addServer("counter", () => Server.of({}))).toThrow('a server named "counter" already exists');
  });

  it("a handler still running in a crashed incarnation cannot overwrite the restarted one's state", async () => {
    const sim = new Simulation({ seed: 3 });
    const net = new Network(sim);
    net.addServer("kv", ({ persister, env }) =>
      Server.of({
        async slowWrite(args: { value: string }) {
          await env.sleep(500);
          persister.save(args.value);
          return {};
        },
        read: () => ({ value: persister.readRaftState() }),
      }),
    );
    const end = net.makeEnd("c", { to: "kv" });
    let after: unknown;
    let written: unknown = "pending";
    sim.spawn("writer", async () => {
      written = await end.call("slowWrite", { value: "zombie" });
    });
    sim.spawn("c", async (env) => {
      await env.sleep(100);
      net.crash("kv");
      net.restart("kv");
      await env.sleep(1000);
      after = await end.call("read", {});
    });
    await sim.run();
    expect(after).toEqual({ value: "" });
    expect(written).toBeUndefined();
  });
});

describe("labnet ends", () => {
  it("an end made without a server starts disconnected and disabled, as in labrpc", async () => {
    const { sim, net } = counterNetwork();
    const end = net.makeEnd("c");
    expect(end.enabled).toBe(false);
    expect(end.target).toBeUndefined();
    let reply: unknown = "pending";
    sim.spawn("c", async () => {
      reply = await end.call("bump", {});
    });
    await sim.run();
    expect(reply).toBeUndefined();
    expect(lines(sim, "unreachable")).toEqual(["c#1 bump→"]);
  });

  it("connect and enable are trace events, and enabling an enabled end records nothing", () => {
    const { sim, net } = counterNetwork();
    net.makeEnd("c", { to: "counter" });
    net.enable("c", true);
    net.enable("c", false);
    net.enable("c", false);
    expect(sim.trace.events!.map((e) => `${e.kind} ${e.subject}${e.detail ? ` ${e.detail}` : ""}`)).toEqual(["connect c → counter", "enable c", "disable c"]);
  });

  it("an end may point at a server that does not exist yet; its calls are unreachable until it does", async () => {
    const sim = new Simulation({ seed: 1, trace: true });
    const net = new Network(sim);
    const end = net.makeEnd("c", { to: "later" });
    const replies: unknown[] = [];
    sim.spawn("c", async () => {
      replies.push(await end.call("ping", {}));
      net.addServer("later", () => Server.of({ ping: () => ({ pong: true }) }));
      replies.push(await end.call("ping", {}));
    });
    await sim.run();
    expect(replies).toEqual([undefined, { pong: true }]);
  });

  it("end names are unique while the end exists, and an unknown end is an error naming it", () => {
    const { net } = counterNetwork();
    net.makeEnd("c");
    expect(() => net.makeEnd("c")).toThrow('an end named "c" already exists; end names must be unique');
    expect(() => net.enable("ghost", true)).toThrow('no end named "ghost"');
    expect(() => net.connect("ghost", "counter")).toThrow('no end named "ghost"');
    net.deleteEnd("c");
    expect(() => net.deleteEnd("c")).toThrow('no end named "c"');
    expect(net.makeEnd("c").name).toBe("c");
  });

  it("a deleted end's later calls are unreachable and never reach a server", async () => {
    const { sim, net } = counterNetwork();
    const end = net.makeEnd("c", { to: "counter" });
    const replies: unknown[] = [];
    sim.spawn("c", async () => {
      replies.push(await end.call("bump", {}));
      net.deleteEnd("c");
      replies.push(await end.call("bump", {}));
    });
    await sim.run();
    expect(replies).toEqual([{ count: 1 }, undefined]);
    expect(end.attached).toBe(false);
    expect(net.counts().executed["counter"]).toBe(1);
    expect(lines(sim, "unreachable")).toEqual(["c#2 bump→"]);
  });

  it("deleting an end gives up on its call that a server is still handling", async () => {
    const sim = new Simulation({ seed: 1, trace: true });
    const net = new Network(sim);
    net.addServer("s", ({ env }) => Server.of({ slow: async () => (await env.sleep(1000), {}) }));
    const end = net.makeEnd("c", { to: "s" });
    let reply: unknown = "pending";
    sim.spawn("c", async () => {
      reply = await end.call("slow", {});
    });
    sim.spawn("deleter", async (env) => {
      await env.sleep(10);
      net.deleteEnd("c");
    });
    await sim.run();
    expect(reply).toBeUndefined();
    expect(kinds(sim)).not.toContain("reply");
  });

  it("disabling an end gives up on its own pending calls and no other end's", async () => {
    const sim = new Simulation({ seed: 1 });
    const net = new Network(sim);
    net.addServer("s", ({ env }) => Server.of({ slow: async () => (await env.sleep(500), { done: true }) }));
    const replies: Record<string, unknown> = {};
    for (const name of ["a", "b"]) {
      const end = net.makeEnd(name, { to: "s" });
      sim.spawn(name, async () => {
        replies[name] = await end.call("slow", {});
      });
    }
    sim.spawn("switch", async (env) => {
      await env.sleep(100);
      net.enable("a", false);
    });
    await sim.run();
    expect(replies).toEqual({ a: undefined, b: { done: true } });
  });
});

describe("labnet topology on its own", () => {
  it("hands every call a crash leaves behind to giveUp, and records the crash after", () => {
    const sim = new Simulation({ seed: 1, trace: true });
    const given: Delivery[] = [];
    const topology = new Topology(sim, { send: () => Promise.resolve(undefined) }, (delivery) => given.push(delivery));
    topology.addServer("s", () => Server.of({}));
    const end = topology.makeEnd("c", { to: "s" });
    const slot = topology.reachable(end, "s")!;
    const pending = [{ exchange: { endName: "c" } }, { exchange: { endName: "other" } }] as unknown as Delivery[];
    for (const delivery of pending) slot.live!.inflight.add(delivery);
    topology.enable("c", false);
    expect(given).toEqual([pending[0]]);
    topology.crash("s");
    expect(given).toEqual([pending[0], pending[0], pending[1]]);
    expect(topology.serverSlots().map((slot) => slot.name)).toEqual(["s"]);
  });

  it("says which server an end can reach: none when disabled, deleted or cut off", () => {
    const sim = new Simulation({ seed: 1 });
    const topology = new Topology(sim, { send: () => Promise.resolve(undefined) }, () => {});
    topology.addServer("s", () => Server.of({}));
    const end = topology.makeEnd("c", { to: "s", host: "h" });
    expect(topology.reachable(end, "s")?.name).toBe("s");
    expect(topology.reachable(end, "t")).toBeUndefined();
    topology.partition(["h"], ["s"], { oneWay: true });
    expect(topology.isCut("h", "s")).toBe(true);
    expect(topology.isCut("s", "h")).toBe(false);
    expect(topology.reachable(end, "s")).toBeUndefined();
    topology.heal();
    expect(topology.reachable(end, "s")?.name).toBe("s");
    topology.enable("c", false);
    expect(topology.reachable(end, "s")).toBeUndefined();
    topology.enable("c", true);
    topology.deleteEnd("c");
    expect(topology.reachable(end, "s")).toBeUndefined();
  });
});
