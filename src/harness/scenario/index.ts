/** Scenarios: files that describe one run exactly, and the tools to read, run and compare them. */
import type { TestReport } from "../run-test.js";
import { readScenario, scenarioImplementation } from "./files.js";
import { runScenario, type ScenarioRunOptions } from "./run-scenario.js";

export { SCENARIO_FORMAT, ScenarioError, parseScenario, scenarioSchema, type Scenario, type ScenarioOp, type ScenarioFault, type ScenarioWorkload } from "../../labs/kv/scenario/schema.js";
export { readScenario, writeScenario, scenarioImplementation, expectedTrace, type ScenarioFile } from "./files.js";
export { runScenario, expectationProblems, traceLines, type ScenarioRunOptions } from "./run-scenario.js";
export { replayOutcome, replaySucceeded, type ReplayOutcome } from "./outcome.js";

/**
 * Reads a scenario file and runs it, on its own implementation or on `impl` (a module path).
 *
 * @example
 * const report = await runScenarioFile("scenarios/partition-heal.json", { impl: "./my-kv.ts" });
 * report.verdict; // "pass" or "fail", with report.message
 */
export async function runScenarioFile(path: string, options: ScenarioRunOptions & { impl?: string } = {}): Promise<TestReport> {
  const file = readScenario(path);
  return runScenario(file.scenario, file.name, await scenarioImplementation(file, options.impl), options);
}
