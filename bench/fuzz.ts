import { reference, runScenario, SCENARIO_FORMAT, type Scenario, type ScenarioOp } from "../src/labs/kv/index.js";

/** A fuzzing-sized scenario: 10 clients, 200 operations in all, on the unreliable network. */
function scenario(seed: number): Scenario {
  let state = seed * 2654435761;
  const next = (n: number) => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6b43a9b5) | 0;
    return (state >>> 0) % n;
  };
  const op = (): ScenarioOp =>
    next(2) === 0 ? { op: "get", key: `k${next(3)}` } : { op: "put", key: `k${next(3)}`, value: `v${next(100)}`, version: "last" };
  return {
    kvlab: SCENARIO_FORMAT,
    implementation: "reference",
    seed,
    network: ["unreliable"],
    workload: { kind: "ops", clients: Array.from({ length: 10 }, () => Array.from({ length: 20 }, op)) },
    faults: [],
    messages: {},
    checks: ["linearizability", "contract", "memory"],
  };
}

/** Scenarios run and fully checked (linearizability, contract, memory) per wall second. */
export async function benchFuzz(scenarios = 300): Promise<{ scenariosPerSecond: number }> {
  for (let seed = 0; seed < 30; seed++) await runScenario(scenario(seed), "bench", reference); // warm-up
  const start = performance.now();
  for (let seed = 1; seed <= scenarios; seed++) {
    const report = await runScenario(scenario(seed), "bench", reference);
    if (report.verdict !== "pass") throw new Error(`benchmark scenario ${seed} failed: ${report.message}`);
  }
  return { scenariosPerSecond: scenarios / ((performance.now() - start) / 1000) };
}
