import { Network, Server, Simulation, compose, profiles, type FaultProfile } from "../labnet/index.js";

/** One measured workload: simulated round trips per wall second, and virtual time per wall time. */
export interface LabnetFigure {
  roundTripsPerSecond: number;
  virtualToWall: number;
}

interface Workload {
  clients: number;
  callsPerClient: number;
  profile: FaultProfile;
}

/** A server that does what a small KV handler does: a map lookup and a small reply. */
class Store {
  private readonly data = new Map<string, string>([["k", "v"]]);
  get(args: { key: string }) {
    return { value: this.data.get(args.key) ?? "", version: 1, err: "OK" };
  }
}

async function runOnce(workload: Workload, seed: number): Promise<{ calls: number; wallMs: number; virtualMs: number }> {
  const sim = new Simulation({ seed });
  const net = new Network(sim, workload.profile);
  net.addServer("kv", () => Server.of(new Store()));
  for (let c = 0; c < workload.clients; c++) {
    const end = net.makeEnd(`client-${c}`, { to: "kv" });
    sim.spawn(`client-${c}`, async () => {
      for (let i = 0; i < workload.callsPerClient; i++) await end.call("get", { key: "k" });
    });
  }
  const start = performance.now();
  const result = await sim.run();
  const wallMs = performance.now() - start;
  return { calls: workload.clients * workload.callsPerClient, wallMs, virtualMs: result.timeMs };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median of `repeats` runs after one warm-up run. */
async function measure(workload: Workload, repeats: number): Promise<LabnetFigure> {
  await runOnce(workload, 0);
  const rates: number[] = [];
  const ratios: number[] = [];
  for (let r = 1; r <= repeats; r++) {
    const run = await runOnce(workload, r);
    rates.push(run.calls / (run.wallMs / 1000));
    ratios.push(run.virtualMs / run.wallMs);
  }
  return { roundTripsPerSecond: median(rates), virtualToWall: median(ratios) };
}

/** The labnet figures: 1 client sequential on `reliable`, 100 clients on `unreliable`. */
export async function benchLabnet(repeats = 5): Promise<{ sequentialReliable: LabnetFigure; clients100Unreliable: LabnetFigure }> {
  return {
    sequentialReliable: await measure({ clients: 1, callsPerClient: 300_000, profile: profiles.reliable }, repeats),
    clients100Unreliable: await measure({ clients: 100, callsPerClient: 3_000, profile: compose(profiles.unreliable) }, repeats),
  };
}
