import { runScenarioFile as runLabScenarioFile, type ScenarioRunOptions, type TestReport } from "../harness/index.js";
import { labs } from "./index.js";

/**
 * Reads a scenario file and runs it with the lab its `lab` field names (default kv), among the
 * labs kvlab has, on its own implementation and parts or on `impl` and `parts` (module paths,
 * parts by flag: `{ raft: "./my-raft.ts" }`). It is what the regression test kvlab fuzz writes
 * calls, whatever the lab.
 *
 * @example
 * const report = await runScenarioFile("scenarios/partition-heal.json", { impl: "./my-kv.ts" });
 * report.verdict; // "pass" or "fail", with report.message
 */
export function runScenarioFile(path: string, options: ScenarioRunOptions & { impl?: string; parts?: Readonly<Record<string, string>> } = {}): Promise<TestReport> {
  return runLabScenarioFile(labs, path, options);
}
