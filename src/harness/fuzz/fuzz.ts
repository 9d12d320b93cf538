import fc from "fast-check";
import type { KVImplementation } from "../../labs/kv/index.js";
import type { TestReport } from "../run-test.js";
import { runScenario } from "../scenario/run-scenario.js";
import type { Scenario } from "../../labs/kv/scenario/schema.js";
import { type ScenarioShape, scenarioArbitrary } from "../../labs/kv/scenario/arbitraries.js";

export interface FuzzOptions {
  runs: number;
  seed: number;
  shape?: ScenarioShape;
  /** Called after each scenario run (shrinking runs included), e.g. for a progress bar. */
  onRun?: () => void;
}

/** A failing scenario, shrunk: the scenario, its failing run (with trace), and how it was found. */
export interface Counterexample {
  scenario: Scenario;
  report: TestReport;
  /** Which run (1-based) first failed, and how many shrinking steps made it smaller. */
  run: number;
  shrinks: number;
}

export interface FuzzResult {
  /** Scenarios run before the first failure (or all of them). */
  runs: number;
  counterexample?: Counterexample;
}

/**
 * Generates scenarios for `impl`, runs each, and on the first failure shrinks it with fast-check
 * to a minimal scenario that still fails. Deterministic: the same seed finds the same failure.
 */
export async function fuzz(impl: KVImplementation, options: FuzzOptions): Promise<FuzzResult> {
  const arbitrary = scenarioArbitrary({ locks: impl.createLock !== undefined, ...options.shape });
  const property = fc.asyncProperty(arbitrary, async (scenario) => {
    const report = await runScenario(scenario, "fuzz", impl);
    options.onRun?.();
    return report.verdict !== "fail";
  });
  const details = await fc.check(property, { numRuns: options.runs, seed: options.seed, endOnFailure: false });
  if (!details.failed || !details.counterexample) return { runs: details.numRuns };
  const [scenario] = details.counterexample;
  const report = await runScenario(scenario, "fuzz", impl, { trace: true });
  return { runs: details.numRuns, counterexample: { scenario, report, run: details.numRuns, shrinks: details.numShrinks } };
}
