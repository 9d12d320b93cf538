/**
 * Scenarios of any lab: files that describe one run exactly, and the tools to read, run and compare
 * them. What a scenario holds beyond the envelope every lab shares is the lab's (Lab.scenarios).
 */
export { ScenarioError } from "./scenario-error.js";
export { scenarioExpectSchema } from "./expect-schema.js";
export { labScenarios } from "./lab-scenarios.js";
export { readScenarioJson, parseScenarioJson, readScenario, writeScenario, scenarioImplementation, expectedTrace, type ScenarioFile, type ScenarioJson } from "./files.js";
export { openScenario, type LabsByName } from "./open-scenario.js";
export { scenarioRun, runScenario, runScenarioFile, traceLines, type ScenarioRunOptions } from "./run-scenario.js";
export { expectationProblems, replayOutcome, replaySucceeded, type ReplayOutcome } from "./outcome.js";
