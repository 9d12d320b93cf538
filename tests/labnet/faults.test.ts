import { describe, expect, it } from "vitest";
import { Network, Persister, Server, Simulation, compose, profileFromNames, profiles, type FaultProfile } from "../../labnet/index.js";

/** A counter server whose count survives crashes through its persister. */
class DurableCounter {
  private count: number;
  constructor(private readonly persister: Persister) {
    this.count = Number(persister.readState() || "0");
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

function counterNetwork(profile?: FaultProfile, seed = 1) {
  const sim = new Simulation({ seed, trace: true });
  const net = new Network(sim, profile);
  net.addServer("counter", ({ persister }) => Server.of(new DurableCounter(persister)));
  return { sim, net };
}

describe("labnet fault profiles", () => {
  it("unreliable: per call, 10% requests lost, 9% executed with the reply lost, 81% answered", async () => {
    const { sim, net } = counterNetwork(compose(profiles.unreliable));
    const calls = 10_000;
    let answered = 0;
    for (let c = 0; c < 100; c++) {
      const end = net.makeEnd(`c${c}`, { to: "counter" });
      sim.spawn(`c${c}`, async () => {
        for (let i = 0; i < calls / 100; i++) if (await end.call("bump", {})) answered++;
      });
    }
    await sim.run();
    const executed = net.counts().executed["counter"]!;
    expect((calls - executed) / calls).toBeCloseTo(0.1, 1);
    expect((executed - answered) / calls).toBeCloseTo(0.09, 1);
    expect(answered / calls).toBeCloseTo(0.81, 1);
  });

  it("unreliable: requests wait 0–26 ms before delivery", async () => {
    const { sim, net } = counterNetwork(compose(profiles.unreliable));
    const end = net.makeEnd("c", { to: "counter" });
    const latencies: number[] = [];
    sim.spawn("c", async (env) => {
      for (let i = 0; i < 500; i++) {
        const start = env.now();
        if (await end.call("bump", {})) latencies.push(env.now() - start);
      }
    });
    await sim.run();
    expect(Math.min(...latencies)).toBeLessThan(2);
    expect(Math.max(...latencies)).toBeGreaterThan(24);
    expect(Math.max(...latencies)).toBeLessThanOrEqual(27.3); // under 27 ms, plus two hops of at most 0.15 ms
  });

  it("duplication: a duplicated request runs twice but the caller gets one answer", async () => {
    const { sim, net } = counterNetwork(compose({ name: "always-duplicate", duplicate: 1 }));
    const end = net.makeEnd("c", { to: "counter" });
    const replies: unknown[] = [];
    sim.spawn("c", async (env) => {
      for (let i = 0; i < 10; i++) replies.push(await end.call("bump", {}));
      await env.sleep(1); // let the last late copy arrive and be discarded
    });
    await sim.run();
    expect(net.counts().executed["counter"]).toBe(20);
    expect(replies).toHaveLength(10);
    expect(replies.every((reply) => reply !== undefined)).toBe(true);
    expect(sim.trace.events!.filter((e) => e.kind === "discard")).toHaveLength(10);
  });

  it("long reordering: about 2/3 of replies are held back 200–2200 ms, so later calls overtake", async () => {
    const { sim, net } = counterNetwork(compose(profiles.longReordering));
    const end = net.makeEnd("c", { to: "counter" });
    const roundTrips: number[] = [];
    const arrival: number[] = [];
    for (let i = 0; i < 3000; i++) {
      sim.spawn(`call-${i}`, async (env) => {
        await env.sleep(i);
        const start = env.now();
        await end.call("read", {});
        roundTrips.push(env.now() - start);
        arrival.push(i);
      });
    }
    await sim.run();
    const held = roundTrips.filter((ms) => ms >= 200);
    expect(held.length / roundTrips.length).toBeCloseTo(2 / 3, 1);
    expect(Math.max(...roundTrips)).toBeLessThan(2201);
    expect(arrival).not.toEqual([...arrival].sort((a, b) => a - b));
  });

  it("long delays: a call to a disabled end takes up to 7 s to fail instead of up to 100 ms", async () => {
    const failTimes = async (profile: FaultProfile) => {
      const { sim, net } = counterNetwork(profile);
      const end = net.makeEnd("c");
      net.connect("c", "counter");
      const times: number[] = [];
      for (let i = 0; i < 200; i++) {
        sim.spawn(`call-${i}`, async (env) => {
          expect(await end.call("bump", {})).toBeUndefined();
          times.push(env.now());
        });
      }
      await sim.run();
      return Math.max(...times);
    };
    expect(await failTimes(profiles.reliable)).toBeLessThan(100);
    const longest = await failTimes(compose(profiles.longDelays));
    expect(longest).toBeGreaterThan(5000);
    expect(longest).toBeLessThan(7000);
  });

  it("a per-link profile slows one client's link and no other", async () => {
    const { sim, net } = counterNetwork();
    net.setLinkProfile("slow", "counter", { latency: { kind: "fixed", ms: 40 } });
    const took: Record<string, number> = {};
    for (const name of ["slow", "fast"]) {
      const end = net.makeEnd(name, { to: "counter" });
      sim.spawn(name, async (env) => {
        await end.call("read", {});
        took[name] = env.now();
      });
    }
    await sim.run();
    expect(took["slow"]).toBe(80);
    expect(took["fast"]).toBeLessThan(1);
  });

  it("profiles are data: they compose by layers and bad values are refused with the field named", () => {
    const both = profileFromNames(["unreliable", "longReordering"]);
    expect(both).toMatchObject({ name: "unreliable+long-reordering", dropRequest: 0.1, reorder: 600 / 900 });
    expect(JSON.parse(JSON.stringify(both))).toEqual(both);
    expect(() => compose({ dropRequest: 2 })).toThrow('invalid fault profile: "dropRequest" must be a probability in [0, 1], got 2');
    expect(() => compose({ latency: { kind: "uniform", minMs: 5, maxMs: 1 } })).toThrow('"latency": minMs is above maxMs');
    expect(() => compose({ droprequest: 0.1 } as Partial<FaultProfile>)).toThrow('unknown field "droprequest"');
    expect(() => profileFromNames(["flaky"])).toThrow('unknown fault profile "flaky"; known: reliable, unreliable, longDelays, longReordering, duplicating');
  });
});

describe("labnet partitions, crashes and restarts", () => {
  async function callOnce(net: Network, sim: Simulation, name: string) {
    const end = net.makeEnd(name, { to: "counter" });
    let reply: unknown = "pending";
    sim.spawn(name, async () => {
      reply = await end.call("bump", {});
    });
    await sim.run();
    return reply;
  }

  it("a symmetric partition stops requests; heal lets them through again", async () => {
    const { sim, net } = counterNetwork();
    net.partition(["c1"], ["counter"]);
    expect(await callOnce(net, sim, "c1")).toBeUndefined();
    expect(net.counts().executed["counter"]).toBe(0);
    net.heal();
    expect(await callOnce(net, sim, "c2")).toEqual({ count: 1 });
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
    expect(sim.trace.events!.filter((e) => e.kind === "drop-reply")).toHaveLength(1);
  });

  it("a crashed server answers nothing; restarted, it recovers what it persisted", async () => {
    const { sim, net } = counterNetwork();
    const end = net.makeEnd("c", { to: "counter" });
    const replies: unknown[] = [];
    sim.spawn("c", async () => {
      replies.push(await end.call("bump", {}), await end.call("bump", {}));
      net.crash("counter");
      replies.push(await end.call("bump", {}));
      expect(() => net.restart("nobody")).toThrow('no server named "nobody"; servers: counter');
      net.restart("counter");
      expect(() => net.restart("counter")).toThrow('server "counter" is running; crash it before restarting it');
      replies.push(await end.call("read", {}));
    });
    await sim.run();
    expect(replies).toEqual([{ count: 1 }, { count: 2 }, undefined, { count: 2 }]);
    expect(sim.trace.events!.map((e) => e.kind)).toEqual(expect.arrayContaining(["crash", "restart"]));
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
        read: () => ({ value: persister.readState() }),
      }),
    );
    const end = net.makeEnd("c", { to: "kv" });
    let after: unknown;
    sim.spawn("writer", () => end.call("slowWrite", { value: "zombie" }));
    sim.spawn("c", async (env) => {
      await env.sleep(100);
      net.crash("kv");
      net.restart("kv");
      await env.sleep(1000);
      after = await end.call("read", {});
    });
    await sim.run();
    expect(after).toEqual({ value: "" });
  });
});

describe("labnet explicit message decisions", () => {
  it("a decision names one message and fixes its fate, whatever the profile", async () => {
    const { sim, net } = counterNetwork();
    net.decide("c#2", { dropReply: true });
    net.decide("c#3", { dropRequest: true });
    net.decide("c#4", { duplicate: true, delayMs: 50 });
    const end = net.makeEnd("c", { to: "counter" });
    const replies: unknown[] = [];
    sim.spawn("c", async (env) => {
      for (let i = 0; i < 5; i++) replies.push(await end.call("bump", {}));
      await env.sleep(100);
    });
    await sim.run();
    // #2 ran but its reply was lost; #3 never arrived; #4's undelayed copy answered first, so #5
    // ran before #4's original, which was held 50 ms.
    expect(replies).toEqual([{ count: 1 }, undefined, undefined, { count: 3 }, { count: 4 }]);
    expect(net.counts().executed["counter"]).toBe(5);
    const executed = sim.trace.events!.filter((e) => e.kind === "execute").map((e) => e.subject);
    expect(executed).toEqual(["c#1 bump→counter", "c#2 bump→counter", "c#4 bump→counter (copy 1)", "c#5 bump→counter", "c#4 bump→counter"]);
  });

  it("a decision overrides the profile's draw in both directions", async () => {
    const { sim, net } = counterNetwork(compose({ name: "always-drop", dropRequest: 1 }));
    net.decide("c#1", { dropRequest: false });
    const end = net.makeEnd("c", { to: "counter" });
    const replies: unknown[] = [];
    sim.spawn("c", async () => {
      replies.push(await end.call("bump", {}), await end.call("bump", {}));
    });
    await sim.run();
    expect(replies).toEqual([{ count: 1 }, undefined]);
  });
});

describe("labnet execution observer", () => {
  it("reports every finished handler run with its arguments, reply and times, lost replies included", async () => {
    const { sim, net } = counterNetwork();
    const seen: string[] = [];
    net.onExecution((e) => seen.push(`${e.id}/${e.copy} ${e.method} ${JSON.stringify(e.args)} → ${JSON.stringify(e.reply)} @${e.startMs}-${e.endMs} on ${e.server}#${e.incarnation}`));
    net.decide("c#2", { dropReply: true });
    const end = net.makeEnd("c", { to: "counter" });
    sim.spawn("c", async () => {
      await end.call("bump", {});
      await end.call("bump", {});
    });
    await sim.run();
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatch(/^c#1\/0 bump \{\} → \{"count":1\} @[\d.]+-[\d.]+ on counter#1$/);
    expect(seen[1]).toMatch(/^c#2\/0 bump \{\} → \{"count":2\} @/);
  });
});
