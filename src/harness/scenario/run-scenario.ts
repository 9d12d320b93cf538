import { formatEvent } from "../../../labnet/index.js";
import type { Lab, Run, RunOptions, ScenarioEnvelope } from "../lab.js";
import { runTest, type TestReport } from "../run-test.js";
import { scenarioImplementation } from "./files.js";
import { labScenarios } from "./lab-scenarios.js";
import { openScenario, type LabsByName } from "./open-scenario.js";

export interface ScenarioRunOptions {
  /** Keep the trace (to print it, or to compare it with an expected trace). */
  trace?: boolean;
  checkSteps?: number;
}

/** A scenario as the run the harness makes of it: the lab's test definition, seed and network, and `options`. */
export function scenarioRun<Impl>(lab: Lab<Impl>, impl: Impl, scenario: ScenarioEnvelope, name: string, options: RunOptions = {}): Run<Impl> {
  const { definition, seed, network } = labScenarios(lab, name).toRun(scenario, name);
  return { lab, impl, definition, seed, options: { ...options, ...(network === undefined ? {} : { network }) } };
}

/** Runs a scenario of `lab` against `impl` with the scenario's seed. */
export function runScenario<Impl>(lab: Lab<Impl>, impl: Impl, scenario: ScenarioEnvelope, name: string, options: ScenarioRunOptions = {}): Promise<TestReport> {
  return runTest(scenarioRun(lab, impl, scenario, name, options) as Run);
}

/**
 * Reads a scenario file and runs it with the lab its `lab` field names among `labs` (see
 * openScenario), on its own implementation or on `options.impl` (a module path).
 */
export async function runScenarioFile(labs: LabsByName, path: string, options: ScenarioRunOptions & { impl?: string; parts?: Readonly<Record<string, string>> } = {}): Promise<TestReport> {
  const { lab, file } = await openScenario(path, labs);
  const { impl: override, parts, ...runOptions } = options;
  return runScenario(lab, await scenarioImplementation(lab, file, override, parts), file.scenario, file.name, runOptions);
}

/** The run's trace as the lines a trace file holds. */
export function traceLines(report: TestReport): string[] {
  return (report.trace ?? []).map(formatEvent);
}
