import { formatEvent, nameKey } from "../../../labnet/index.js";
import { kvLab, type KVImplementation, type KvTestDefinition } from "../../labs/kv/index.js";
import { simulated } from "../../labs/kv/sim-world.js";
import type { RunOptions } from "../lab.js";
import { runTest, type TestReport } from "../run-test.js";
import { allTests } from "../../labs/kv/suites/index.js";
import { scenarioNetwork, startFaultTimeline } from "../../labs/kv/scenario/faults.js";
import { ScenarioError, type Scenario } from "../../labs/kv/scenario/schema.js";
import { runWorkload } from "../../labs/kv/scenario/workloads.js";

export interface ScenarioRunOptions {
  /** Keep the trace (to print it, or to compare it with an expected trace). */
  trace?: boolean;
  checkSteps?: number;
}

/** A scenario as a test definition: its body sets the message decisions and the fault timeline, then runs the workload. */
export function scenarioTest(scenario: Scenario, name: string): KvTestDefinition {
  const workload = scenario.workload;
  const suiteTest = workload.kind === "test" ? allTests.find((test) => test.name === workload.test) : undefined;
  if (workload.kind === "test" && !suiteTest) throw new ScenarioError(`${name}: workload.test: no suite test named "${workload.test}"`);
  return {
    suite: "scenario",
    name,
    title: scenario.description ?? `Scenario ${name}`,
    reliable: suiteTest && scenario.network === undefined ? suiteTest.reliable : losesNoMessage(scenario),
    ...(suiteTest?.timeLimitMs === undefined ? {} : { timeLimitMs: suiteTest.timeLimitMs }),
    needsSimulation: true,
    body: async (world, tester) => {
      const t = simulated(world);
      for (const [id, decision] of Object.entries(scenario.messages)) t.net.decide(id, decision);
      startFaultTimeline(t, scenario.faults);
      await (workload.kind === "test" ? suiteTest!.body(t, tester) : runWorkload(t, tester, workload, scenario.checks));
    },
  };
}

/**
 * True when nothing in the scenario can lose or repeat a message: its network and every network
 * change on its timeline are free of drops and duplicates, and it has no partition or crash.
 * Only then may the checks demand what a reliable network promises (e.g. no ErrMaybe).
 */
function losesNoMessage(scenario: Scenario): boolean {
  const networks = [scenario.network ?? [], ...scenario.faults.flatMap((fault) => (fault.action === "network" ? [fault.network] : []))];
  const faultless = networks.every((layers) => {
    const profile = scenarioNetwork(layers);
    return profile.dropRequest === 0 && profile.dropReply === 0 && profile.duplicate === 0;
  });
  const planned = Object.values(scenario.messages).some((decision) => decision.dropRequest || decision.dropReply || decision.duplicate);
  return faultless && !planned && scenario.faults.every((fault) => fault.action === "network" || fault.action === "heal");
}

/** A scenario as what the harness runs: a test definition, a seed and the run's options. */
export function scenarioRun(scenario: Scenario, name: string, options: ScenarioRunOptions = {}): { definition: KvTestDefinition; seed: number; options: RunOptions } {
  const network = scenario.network ?? (scenario.workload.kind === "test" ? undefined : []);
  const seed = typeof scenario.seed === "number" ? scenario.seed : Number.parseInt(scenario.seed, 10);
  return {
    definition: scenarioTest(scenario, name),
    // A string seed that is not a number becomes a stable integer.
    seed: Number.isSafeInteger(seed) ? seed : nameKey(String(scenario.seed)),
    options: { ...options, ...(network === undefined ? {} : { network: scenarioNetwork(network) }) },
  };
}

/** Runs a scenario against `impl` with the scenario's seed. */
export function runScenario(scenario: Scenario, name: string, impl: KVImplementation, options: ScenarioRunOptions = {}): Promise<TestReport> {
  const run = scenarioRun(scenario, name, options);
  return runTest({ lab: kvLab, impl, definition: run.definition, seed: run.seed, options: run.options });
}

/** Where a run departs from what the scenario expects; empty when it meets every expectation. */
export function expectationProblems(scenario: Scenario, report: TestReport): string[] {
  const expect = scenario.expect;
  if (!expect) return report.verdict === "fail" ? [`the run failed: ${report.message}`] : [];
  const problems: string[] = [];
  if (report.verdict !== expect.verdict) problems.push(`expected verdict ${expect.verdict}, got ${report.verdict}${report.message ? `: ${report.message}` : ""}`);
  else if (expect.message !== undefined && report.message !== expect.message) problems.push(`expected message "${expect.message}", got "${report.message ?? ""}"`);
  if (expect.traceHash !== undefined && report.traceHash !== expect.traceHash) problems.push(`expected trace ${expect.traceHash}, got ${report.traceHash}`);
  return problems;
}

/** The run's trace as the lines a trace file holds. */
export function traceLines(report: TestReport): string[] {
  return (report.trace ?? []).map(formatEvent);
}
