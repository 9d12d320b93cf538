import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Network, Server, Simulation, compose, type FaultProfile, type TraceEvent } from "../../labnet/index.js";

const profileArbitrary: fc.Arbitrary<FaultProfile> = fc
  .record({
    dropRequest: fc.double({ min: 0, max: 0.5, noNaN: true }),
    dropReply: fc.double({ min: 0, max: 0.5, noNaN: true }),
    duplicate: fc.double({ min: 0, max: 0.5, noNaN: true }),
    reorder: fc.double({ min: 0, max: 1, noNaN: true }),
    maxLatencyMs: fc.integer({ min: 1, max: 30 }),
  })
  .map(({ maxLatencyMs, ...faults }) =>
    compose({
      name: "random",
      ...faults,
      latency: { kind: "uniform", minMs: 0, maxMs: maxLatencyMs },
      reorderDelay: { kind: "skewed", baseMs: 10, spreadMs: 200 },
    }),
  );

type Action = "crash" | "restart" | "partition" | "heal" | "disable" | "enable";
const timelineArbitrary = fc.array(
  fc.record({ atMs: fc.integer({ min: 0, max: 400 }), action: fc.constantFrom<Action>("crash", "restart", "partition", "heal", "disable", "enable") }),
  { maxLength: 6 },
);

const workloadArbitrary = fc.record({
  seed: fc.integer(),
  profile: profileArbitrary,
  clients: fc.integer({ min: 1, max: 4 }),
  calls: fc.integer({ min: 1, max: 8 }),
  handlerSleepMs: fc.integer({ min: 0, max: 150 }),
  timeline: timelineArbitrary,
});

type Workload = typeof workloadArbitrary extends fc.Arbitrary<infer T> ? T : never;

/** Runs a workload with a fault timeline; every call's outcome is tallied as it settles. */
async function runRandom(workload: Workload) {
  const sim = new Simulation({ seed: workload.seed, trace: true });
  const net = new Network(sim, workload.profile);
  net.addServer("s", ({ env }) =>
    Server.of({
      async work(args: { n: number }) {
        if (args.n % 2 === 0) await env.sleep(workload.handlerSleepMs);
        return { n: args.n };
      },
    }),
  );
  const settled = new Map<string, number>();
  for (let c = 0; c < workload.clients; c++) {
    const end = net.makeEnd(`c${c}`, { to: "s" });
    sim.spawn(`c${c}`, async (env) => {
      for (let i = 0; i < workload.calls; i++) {
        const id = `c${c}#${i + 1}`;
        settled.set(id, 0);
        await end.call("work", { n: i });
        settled.set(id, settled.get(id)! + 1);
        await env.sleep(10);
      }
    });
  }
  sim.spawn("chaos", async (env) => {
    for (const { atMs, action } of [...workload.timeline].sort((a, b) => a.atMs - b.atMs)) {
      await env.sleep(atMs - env.now() > 0 ? atMs - env.now() : 0);
      if (action === "crash") net.crash("s");
      else if (action === "restart" && !net.isRunning("s")) net.restart("s");
      else if (action === "partition") net.partition(["c0"], ["s"]);
      else if (action === "heal") net.heal();
      else if (action === "disable" || action === "enable") net.enable("c0", action === "enable");
    }
  }, { daemon: true });
  await sim.run();
  return { settled, events: sim.trace.events!, counts: net.counts() };
}

const callId = (event: TraceEvent) => event.subject.split(" ")[0]!;
const target = (event: TraceEvent) => /→(\S+)/.exec(event.subject)?.[1];

describe("labnet properties over random profiles, workloads and fault timelines", () => {
  it("every call settles exactly once: one deliver or one lost event, never both, never none", async () => {
    await fc.assert(
      fc.asyncProperty(workloadArbitrary, async (workload) => {
        const { settled, events } = await runRandom(workload);
        expect([...settled.values()].every((times) => times === 1)).toBe(true);
        const endings = new Map<string, number>();
        for (const event of events) if (event.kind === "deliver" || event.kind === "lost") endings.set(callId(event), (endings.get(callId(event)) ?? 0) + 1);
        const sends = events.filter((event) => event.kind === "send").map(callId);
        expect(sends.map((id) => endings.get(id))).toEqual(sends.map(() => 1));
      }),
      { numRuns: 150 },
    );
  });

  it("no reply leaves a server after it crashed: replies of a crashed incarnation are never sent", async () => {
    await fc.assert(
      fc.asyncProperty(workloadArbitrary, async (workload) => {
        const { events } = await runRandom(workload);
        let alive = true;
        const executedWhileIncarnation = new Map<string, number>();
        let incarnation = 1;
        for (const event of events) {
          if (event.kind === "crash") alive = false;
          if (event.kind === "restart") {
            alive = true;
            incarnation++;
          }
          if (event.kind === "execute") executedWhileIncarnation.set(event.subject, incarnation);
          if (event.kind === "reply") {
            expect(alive).toBe(true);
            expect(executedWhileIncarnation.get(event.subject)).toBe(incarnation);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it("counts agree with the trace", async () => {
    await fc.assert(
      fc.asyncProperty(workloadArbitrary, async (workload) => {
        const { events, counts } = await runRandom(workload);
        const count = (kind: string) => events.filter((event) => event.kind === kind).length;
        expect(counts.sent).toBe(count("send"));
        expect(counts.delivered).toBe(count("deliver"));
        expect(counts.lost).toBe(count("lost"));
        expect(counts.executed["s"]).toBe(events.filter((event) => event.kind === "execute" && target(event) === "s").length);
      }),
      { numRuns: 150 },
    );
  });
});
