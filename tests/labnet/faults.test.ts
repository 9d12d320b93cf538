import { describe, expect, it } from "vitest";
import { Network, Server, Simulation, compose, profiles, sampleDelayMicros, type FaultProfile } from "../../labnet/index.js";
import { Slot } from "../../labnet/exchange.js";
import { Faults } from "../../labnet/faults.js";
import { keyedUniform } from "../../labnet/rng.js";
import { idsOf, messageKey, parseSubject } from "./messages.js";

/** One server, "counter", whose `bump` counts the calls it ran. */
function counterNetwork(profile?: FaultProfile, seed = 1) {
  const sim = new Simulation({ seed, trace: true });
  const net = new Network(sim, profile);
  let count = 0;
  net.addServer("counter", () => Server.of({ bump: () => ({ count: ++count }), read: () => ({ count }) }));
  return { sim, net };
}

/** `ends` clients, each making `calls` sequential bumps; returns how many calls were answered. */
async function bumpAll(sim: Simulation, net: Network, ends: number, calls: number): Promise<number> {
  let answered = 0;
  for (let c = 0; c < ends; c++) {
    const end = net.makeEnd(`c${c}`, { to: "counter" });
    sim.spawn(`c${c}`, async () => {
      for (let i = 0; i < calls; i++) if (await end.call("bump", {})) answered++;
    });
  }
  await sim.run();
  return answered;
}

/** Whether the keyed draw of message `id` ("c3#7", a bump to counter) in slot `slot` falls under `p`. */
function drawn(seed: number, id: string, slot: number, p: number): boolean {
  const { end, seq } = parseSubject(`${id} bump→counter`);
  const key = messageKey(seed, end, "counter", "bump", seq);
  return keyedUniform(key, slot) < p;
}

/** Milliseconds of virtual time as the whole microseconds the clock counts. */
const micros = (ms: number) => Math.round(ms * 1000);

describe("labnet fault profiles, for one fixed seed: exact counts, message by message", () => {
  it("unreliable, seed 1: of 10,000 calls exactly the requests and replies whose keyed draws fall under 10% are lost", async () => {
    const { sim, net } = counterNetwork(compose(profiles.unreliable));
    const answered = await bumpAll(sim, net, 100, 100);
    const events = sim.trace.events!;
    const sent = idsOf(events, "send");
    const droppedRequests = idsOf(events, "drop-request");
    const droppedReplies = idsOf(events, "drop-reply");
    expect(sent).toHaveLength(10_000);
    expect(droppedRequests).toHaveLength(986);
    expect(droppedReplies).toHaveLength(852);
    expect(answered).toBe(10_000 - 986 - 852);
    expect(net.counts()).toMatchObject({ sent: 10_000, executed: { counter: 10_000 - 986 }, delivered: answered, lost: 986 + 852 });
    // Which messages: exactly those the message's own key says, computed here without the pipeline.
    expect(droppedRequests.sort()).toEqual(sent.filter((id) => drawn(1, id, Slot.dropRequest, 0.1)).sort());
    const executed = new Set(idsOf(events, "execute"));
    expect(droppedReplies.sort()).toEqual(sent.filter((id) => executed.has(id) && drawn(1, id, Slot.dropReply, 0.1)).sort());
  });

  it("duplicating, seed 1: exactly the requests whose keyed draw falls under 10% travel twice, and each call is answered once", async () => {
    const { sim, net } = counterNetwork(compose(profiles.duplicating));
    const answered = await bumpAll(sim, net, 10, 100);
    const events = sim.trace.events!;
    const duplicated = idsOf(events, "duplicate");
    expect(duplicated).toHaveLength(103);
    expect(duplicated.sort()).toEqual(idsOf(events, "send").filter((id) => drawn(1, id, Slot.duplicate, 0.1)).sort());
    expect(answered).toBe(1000);
    expect(net.counts().executed["counter"]).toBe(1000 + 103);
    expect(events.filter((e) => e.kind === "discard")).toHaveLength(103);
  });

  it("a duplicated request runs twice but the caller gets one answer", async () => {
    const { sim, net } = counterNetwork(compose({ name: "always-duplicate", duplicate: 1 }));
    const end = net.makeEnd("c", { to: "counter" });
    const replies: unknown[] = [];
    sim.spawn("c", async (env) => {
      for (let i = 0; i < 10; i++) replies.push(await end.call("bump", {}));
      await env.sleep(1); // let the last late copy arrive and be discarded
    });
    await sim.run();
    expect(net.counts().executed["counter"]).toBe(20);
    // Call i's two copies are the (2i+1)th and (2i+2)th bumps; whichever reply arrives first answers.
    expect(replies).toEqual([1, 3, 6, 7, 9, 11, 14, 15, 17, 20].map((count) => ({ count })));
    expect(sim.trace.events!.filter((e) => e.kind === "discard")).toHaveLength(10);
  });

  it("long reordering, seed 1: exactly the replies whose keyed draw falls under 2/3 are held back 200–2200 ms, so later calls overtake", async () => {
    const { sim, net } = counterNetwork(compose(profiles.longReordering));
    const end = net.makeEnd("c", { to: "counter" });
    const roundTrips = new Map<number, number>();
    const arrival: number[] = [];
    for (let i = 0; i < 3000; i++) {
      sim.spawn(`call-${i}`, async (env) => {
        await env.sleep(i); // so call i is the end's call number i + 1
        const start = micros(env.now());
        await end.call("read", {});
        roundTrips.set(i + 1, (micros(env.now()) - start) / 1000);
        arrival.push(i);
      });
    }
    await sim.run();
    const held = [...roundTrips].filter(([, ms]) => ms >= 200).map(([seq]) => seq);
    expect(held).toHaveLength(2023);
    const predicted = [...roundTrips.keys()].filter((seq) => keyedUniform(messageKey(1, "c", "counter", "read", seq), Slot.reorder) < 600 / 900);
    expect(held.sort((a, b) => a - b)).toEqual(predicted.sort((a, b) => a - b));
    // Each round trip is its two latencies, plus the reorder delay when held: all drawn from the message's key.
    const profile = compose(profiles.longReordering);
    const expected = [...roundTrips.keys()].map((seq) => {
      const key = messageKey(1, "c", "counter", "read", seq);
      const heldMicros = keyedUniform(key, Slot.reorder) < profile.reorder ? sampleDelayMicros(profile.reorderDelay, key, Slot.reorderDelay) : 0;
      return [seq, (sampleDelayMicros(profile.latency, key, Slot.requestLatency) + sampleDelayMicros(profile.latency, key, Slot.replyLatency) + heldMicros) / 1000];
    });
    expect([...roundTrips].sort(([a], [b]) => a - b)).toEqual(expected.sort(([a], [b]) => a! - b!));
    expect(Math.max(...roundTrips.values())).toBe(2126.399);
    expect(arrival).not.toEqual([...arrival].sort((a, b) => a - b));
  });
});

/**
 * The counts above are exact for one seed; these ask whether the draws behave like the independent
 * coin flips the profile describes, over many seeds. 200 seeds × 100 calls on one end: each count
 * is then Binomial(n, p). A correct generator stays within 5 standard deviations of n·p except
 * with probability under 6·10⁻⁷ (normal tail), so the bound never fails by chance, yet it is only
 * about 1 percentage point wide at n = 20,000: a profile read wrongly (a rate of 0.11 or 0.09) or a
 * draw from the wrong slot of a skewed decision would leave it.
 *
 * A draw keyed wrongly (say without the call's sequence number, so every call of one end meets the
 * same fate) keeps the overall rate but not the spread: each seed's count of 100 calls would be 0
 * or 100, a variance near 900 instead of the binomial's n·p·(1-p) = 9. The sample variance of 200
 * binomial counts has a standard deviation of about 0.9, so [4.5, 18] (5σ below, 10σ above) holds
 * for independent draws and fails for correlated (or evenly spaced, variance 0) ones.
 */
describe("labnet fault rates over many seeds", () => {
  const SEEDS = 200;
  const CALLS = 100;

  async function perSeed(seed: number) {
    const { sim, net } = counterNetwork(compose(profiles.unreliable, profiles.duplicating), seed);
    await bumpAll(sim, net, 1, CALLS);
    const count = (kind: string) => sim.trace.events!.filter((e) => e.kind === kind).length;
    return { sends: count("send"), duplicates: count("duplicate"), droppedRequests: count("drop-request"), executes: count("execute"), droppedReplies: count("drop-reply") };
  }

  function expectBinomial(what: string, successes: number, trials: number, p: number) {
    const sd = Math.sqrt(trials * p * (1 - p));
    expect(Math.abs(successes - trials * p), `${what}: ${successes} of ${trials}, expected ${trials * p} ± ${(5 * sd).toFixed(0)}`).toBeLessThanOrEqual(5 * sd);
  }

  function variance(values: readonly number[]): number {
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    return values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  }

  it("requests are dropped, duplicated and replies dropped at 10% each, independently from call to call", async () => {
    const runs: Awaited<ReturnType<typeof perSeed>>[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) runs.push(await perSeed(seed));
    const total = (field: keyof (typeof runs)[number]) => runs.reduce((sum, run) => sum + run[field], 0);
    expect(total("sends")).toBe(SEEDS * CALLS);
    expectBinomial("duplicated requests", total("duplicates"), total("sends"), 0.1);
    expectBinomial("dropped request copies", total("droppedRequests"), total("sends") + total("duplicates"), 0.1);
    expectBinomial("dropped replies", total("droppedReplies"), total("executes"), 0.1);
    // Each seed duplicates some of exactly 100 requests: Binomial(100, 0.1), variance 9.
    const spread = variance(runs.map((run) => run.duplicates));
    expect(spread).toBeGreaterThanOrEqual(4.5);
    expect(spread).toBeLessThanOrEqual(18);
  }, 60_000);
});

describe("labnet faults: profiles, link layers and decisions as settings", () => {
  it("a link layer lies over the network-wide profile, also after the profile is replaced", () => {
    const faults = new Faults(profiles.reliable);
    faults.setLinkProfile("c1", "kv", { dropRequest: 1 });
    expect(faults.profileFor("c1", "kv").dropRequest).toBe(1);
    expect(faults.profileFor("kv", "c1").dropRequest).toBe(0); // a link has a direction
    expect(faults.profileFor("c2", "kv")).toBe(profiles.reliable);
    faults.setProfile(compose(profiles.unreliable));
    expect(faults.profile.name).toBe("unreliable");
    expect(faults.profileFor("c1", "kv")).toMatchObject({ dropRequest: 1, dropReply: 0.1 });
    expect(faults.profileFor("c2", "kv")).toMatchObject({ dropRequest: 0.1, dropReply: 0.1 });
  });

  it("a decision applies to the message it names only, and no message id is built while there is none", () => {
    const faults = new Faults(profiles.reliable);
    const unnamed = {
      get id(): string {
        throw new Error("id built");
      },
    };
    expect(faults.decisionFor(unnamed)).toBeUndefined();
    faults.decide("c#2", { dropReply: true });
    expect(faults.decisionFor({ id: "c#2" })).toEqual({ dropReply: true });
    expect(faults.decisionFor({ id: "c#3" })).toBeUndefined();
  });

  it.each([NaN, -1, Infinity])("a decided delay of %s ms is refused, naming the message: the clock cannot go back", (ms) => {
    const faults = new Faults(profiles.reliable);
    expect(() => faults.decide("c#2", { delayMs: ms })).toThrow(new RangeError(`decide("c#2"): delayMs must be a finite number ≥ 0, got ${ms}`));
    expect(() => faults.decide("c#3", { replyDelayMs: ms })).toThrow(/replyDelayMs must be a finite number ≥ 0/);
    expect(faults.decisionFor({ id: "c#2" })).toBeUndefined();
    faults.decide("c#4", { delayMs: 0, replyDelayMs: 2.5 });
    expect(faults.decisionFor({ id: "c#4" })).toEqual({ delayMs: 0, replyDelayMs: 2.5 });
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
    const fastKey = messageKey(1, "fast", "counter", "read", 1);
    expect(micros(took["fast"]!)).toBe(sampleDelayMicros(profiles.reliable.latency, fastKey, Slot.requestLatency) + sampleDelayMicros(profiles.reliable.latency, fastKey, Slot.replyLatency));
  });

  it("a network-wide profile change is a trace event and changes the faults of later calls", async () => {
    const { sim, net } = counterNetwork();
    const end = net.makeEnd("c", { to: "counter" });
    const replies: unknown[] = [];
    sim.spawn("c", async () => {
      replies.push(await end.call("bump", {}));
      net.setProfile(compose({ name: "black-hole", dropRequest: 1 }));
      replies.push(await end.call("bump", {}));
    });
    await sim.run();
    expect(replies).toEqual([{ count: 1 }, undefined]);
    expect(net.currentProfile.name).toBe("black-hole");
    expect(sim.trace.events!.filter((e) => e.kind === "profile").map((e) => e.subject)).toEqual(["black-hole"]);
  });

  it("long delays: a call to a disabled end fails after its keyed draw of up to 7 s instead of up to 100 ms", async () => {
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
      return times.map(micros).sort((a, b) => a - b);
    };
    // The 200 calls are the end's first 200; each fails after its own draw of `unreachable`.
    const draws = (profile: FaultProfile) =>
      Array.from({ length: 200 }, (_, i) => sampleDelayMicros(profile.unreachable, messageKey(1, "c", "counter", "bump", i + 1), Slot.unreachable)).sort((a, b) => a - b);
    const reliable = await failTimes(profiles.reliable);
    expect(reliable).toEqual(draws(profiles.reliable));
    expect(reliable.at(-1)).toBe(99_463); // µs: under reliable's 100 ms
    const longDelays = compose(profiles.longDelays);
    const long = await failTimes(longDelays);
    expect(long).toEqual(draws(longDelays));
    expect(long.at(-1)).toBe(6_962_434); // µs: under long-delays' 7 s
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

  it("a reply delay holds that reply only", async () => {
    const { sim, net } = counterNetwork(compose({ name: "fixed", latency: { kind: "fixed", ms: 1 } }));
    net.decide("c#2", { replyDelayMs: 30 });
    const end = net.makeEnd("c", { to: "counter" });
    const took: number[] = [];
    sim.spawn("c", async (env) => {
      for (let i = 0; i < 3; i++) {
        const start = env.now();
        await end.call("read", {});
        took.push(env.now() - start);
      }
    });
    await sim.run();
    expect(took).toEqual([2, 32, 2]);
  });
});
