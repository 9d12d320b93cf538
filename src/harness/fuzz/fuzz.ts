import fc from "fast-check";
import type { FuzzShape, Lab, ScenarioEnvelope } from "../lab.js";
import type { TestReport } from "../run-test.js";
import { labScenarios } from "../scenario/lab-scenarios.js";
import { runScenario } from "../scenario/run-scenario.js";

export interface FuzzOptions<Shape extends FuzzShape = FuzzShape> {
  runs: number;
  seed: number;
  /** How big scenarios may grow; the lab's arbitrary may take more (see LabScenarios.arbitrary). */
  shape?: Shape;
  /** Called after each scenario run (shrinking runs included), e.g. for a progress bar. */
  onRun?: () => void;
}

/** A failing scenario, shrunk: the scenario, its failing run (with trace), and how it was found. */
export interface Counterexample<Scenario extends ScenarioEnvelope = ScenarioEnvelope> {
  scenario: Scenario;
  report: TestReport;
  /** Which run (1-based) first failed, and how many shrinking steps made it smaller. */
  run: number;
  shrinks: number;
}

export interface FuzzResult<Scenario extends ScenarioEnvelope = ScenarioEnvelope> {
  /** Scenarios run before the first failure (or all of them). */
  runs: number;
  counterexample?: Counterexample<Scenario>;
}

/**
 * Generates scenarios of `lab` for `impl` (the lab's arbitrary), runs each, and on the first
 * failure shrinks it with fast-check to a minimal scenario that still fails. Deterministic: the
 * same seed finds the same failure. A lab without scenarios is a ScenarioError.
 */
export async function fuzz<Impl>(lab: Lab<Impl>, impl: Impl, options: FuzzOptions): Promise<FuzzResult> {
  const arbitrary = labScenarios(lab, "fuzz").arbitrary(impl, options.shape ?? {});
  const property = fc.asyncProperty(arbitrary, async (scenario) => {
    const report = await runScenario(lab, impl, scenario, "fuzz");
    options.onRun?.();
    return report.verdict !== "fail";
  });
  const details = await fc.check(property, { numRuns: options.runs, seed: options.seed, endOnFailure: false });
  if (!details.failed || !details.counterexample) return { runs: details.numRuns };
  const [scenario] = details.counterexample;
  const report = await runScenario(lab, impl, scenario, "fuzz", { trace: true });
  return { runs: details.numRuns, counterexample: { scenario, report, run: details.numRuns, shrinks: details.numShrinks } };
}
