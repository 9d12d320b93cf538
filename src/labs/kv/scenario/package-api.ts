import {
  fuzz as fuzzLab,
  readScenario as readLabScenario,
  runScenario as runLabScenario,
  scenarioImplementation as labScenarioImplementation,
  scenarioRun as labScenarioRun,
  writeCounterexample as writeLabCounterexample,
  type Counterexample as LabCounterexample,
  type CounterexampleFiles,
  type FuzzOptions as LabFuzzOptions,
  type FuzzResult as LabFuzzResult,
  type RunOptions,
  type ScenarioFile as LabScenarioFile,
  type ScenarioRunOptions,
  type TestReport,
} from "../../../harness/index.js";
import type { KVImplementation } from "../contract.js";
import { kvLab } from "../lab.js";
import type { KvTestDefinition } from "../test-definition.js";
import type { ScenarioShape } from "./arbitraries.js";
import type { Scenario } from "./schema.js";

/*
 * The package's scenario and fuzz API, as kvlab has always offered it: the harness's generic
 * functions with the KV lab filled in (see ../package-api.ts for runLabTest).
 */

/** A KV scenario read from disk. */
export type ScenarioFile = LabScenarioFile<Scenario>;
/** How the KV fuzzer runs: ScenarioShape adds keys and lock workloads to the harness's shape. */
export type FuzzOptions = LabFuzzOptions<ScenarioShape>;
export type Counterexample = LabCounterexample<Scenario>;
export type FuzzResult = LabFuzzResult<Scenario>;

/** Reads and validates a KV scenario file; every problem is a ScenarioError naming file, place and field. */
export function readScenario(path: string): ScenarioFile {
  return readLabScenario(kvLab, path) as ScenarioFile;
}

/** The scenario's implementation: the reference, a path relative to the file, or an override. */
export function scenarioImplementation(file: ScenarioFile, override?: string): Promise<KVImplementation> {
  return labScenarioImplementation(kvLab, file, override);
}

/**
 * A KV scenario as the harness runs it: its test definition, seed and options (its network among
 * them), for a caller that makes the run with its own implementation (e.g. an investigation).
 */
export function scenarioRun(scenario: Scenario, name: string, options: RunOptions = {}): { definition: KvTestDefinition; seed: number; options: RunOptions } {
  const { definition, seed, options: runOptions } = labScenarioRun(kvLab, kvLab.reference, scenario, name, options);
  return { definition: definition as KvTestDefinition, seed, options: runOptions };
}

/** Runs a scenario against `impl` with the scenario's seed. */
export function runScenario(scenario: Scenario, name: string, impl: KVImplementation, options: ScenarioRunOptions = {}): Promise<TestReport> {
  return runLabScenario(kvLab, impl, scenario, name, options);
}

/**
 * Generates scenarios for `impl`, runs each, and on the first failure shrinks it with fast-check
 * to a minimal scenario that still fails. Deterministic: the same seed finds the same failure.
 */
export async function fuzz(impl: KVImplementation, options: FuzzOptions): Promise<FuzzResult> {
  return (await fuzzLab(kvLab, impl, options)) as FuzzResult;
}

/**
 * Writes a counterexample into `dir` as NAME.json (a regression scenario), NAME.trace and
 * NAME.test.ts (a vitest regression test that passes once the bug is fixed). `impl` is the module
 * path the scenario runs, or undefined for the reference.
 */
export function writeCounterexample(dir: string, name: string, found: Counterexample, impl: string | undefined): CounterexampleFiles {
  return writeLabCounterexample(kvLab, dir, name, found, impl);
}
