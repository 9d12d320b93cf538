import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { Network, Server, Simulation, compose, describeDivergence, firstDivergence, profiles } from "../../labnet/index.js";
import { runWorkload } from "./workload.js";

const run = promisify(execFile);

describe("labnet determinism", () => {
  it("the same seed gives the same trace, event for event, twice in one process", async () => {
    const a = await runWorkload({ seed: 42 });
    const b = await runWorkload({ seed: 42 });
    expect(a.events).toHaveLength(467);
    expect(a.result.events).toBe(467);
    expect(b.result.traceHash).toBe(a.result.traceHash);
    expect(firstDivergence(a.events, b.events)).toBeUndefined();
  });

  it("the same seed gives the same trace hash in a fresh process", async () => {
    const script = fileURLToPath(new URL("./print-trace-hash.ts", import.meta.url));
    const { stdout } = await run(process.execPath, ["--import", "tsx", script, "42"]);
    expect(stdout.trim()).toBe((await runWorkload({ seed: 42 })).result.traceHash);
  });

  it("different seeds give different traces", async () => {
    const hashes = new Set<string>();
    for (let seed = 0; seed < 10; seed++) hashes.add((await runWorkload({ seed })).result.traceHash);
    expect(hashes.size).toBe(10);
  });

  it("the seed decides which messages meet faults, even when user code draws no random numbers", async () => {
    const faultPattern = async (seed: number) => {
      const sim = new Simulation({ seed, trace: true });
      const net = new Network(sim, compose(profiles.unreliable));
      net.addServer("s", () => Server.of({ ping: () => ({}) }));
      const end = net.makeEnd("c", { to: "s" });
      sim.spawn("c", async () => {
        for (let i = 0; i < 50; i++) await end.call("ping", {});
      });
      await sim.run();
      return sim.trace.events!.filter((e) => e.kind === "drop-request" || e.kind === "drop-reply").map((e) => `${e.kind} ${e.subject}`).join("\n");
    };
    expect(await faultPattern(1)).toBe(await faultPattern(1));
    expect(await faultPattern(1)).not.toBe(await faultPattern(2));
  });

  it("a diff names the first event at which two runs part", async () => {
    const a = await runWorkload({ seed: 1 });
    const b = await runWorkload({ seed: 2 });
    const divergence = firstDivergence(a.events, b.events)!;
    expect(divergence.index).toBe(8);
    expect(divergence.left).not.toBe(divergence.right);
    expect(describeDivergence(divergence)).toMatch(/^traces diverge at event 8:\n {2}expected: .+\n {2}actual: {3}.+$/);
  });

  it("changing one client's calls does not change the faults another client's messages meet", async () => {
    const faultsOf = (events: Awaited<ReturnType<typeof runWorkload>>["events"], client: string) =>
      events
        .filter((e) => e.subject.startsWith(`${client}#`) && ["drop-request", "drop-reply", "duplicate", "unreachable"].includes(e.kind))
        .map((e) => `${e.kind} ${e.subject}`);
    const base = await runWorkload({ seed: 9 });
    const variant = await runWorkload({ seed: 9, firstClientVariant: true });
    expect(variant.result.traceHash).not.toBe(base.result.traceHash);
    const clients = ["client-1", "client-2", "client-3"];
    for (const client of clients) expect(faultsOf(variant.events, client)).toEqual(faultsOf(base.events, client));
    expect(clients.map((client) => faultsOf(base.events, client).length)).toEqual([11, 1, 4]);
  });
});
