import type { ScenarioEnvelope } from "../lab.js";
import type { TestReport } from "../run-test.js";

/** Where a run departs from what the scenario expects; empty when it meets every expectation. */
export function expectationProblems(scenario: ScenarioEnvelope, report: TestReport): string[] {
  const expect = scenario.expect;
  if (!expect) return report.verdict === "fail" ? [`the run failed: ${report.message}`] : [];
  const problems: string[] = [];
  if (report.verdict !== expect.verdict) problems.push(`expected verdict ${expect.verdict}, got ${report.verdict}${report.message ? `: ${report.message}` : ""}`);
  else if (expect.message !== undefined && report.message !== expect.message) problems.push(`expected message "${expect.message}", got "${report.message ?? ""}"`);
  if (expect.traceHash !== undefined && report.traceHash !== expect.traceHash) problems.push(`expected trace ${expect.traceHash}, got ${report.traceHash}`);
  return problems;
}

/**
 * What replaying a scenario came to. A scenario's `expect` is what its run must do, except in a
 * regression scenario (`expect.regression`), where it is the failure as it was found: the goal
 * there is that the run no longer fails.
 * - reproduced: the run did all the scenario expects (success);
 * - not reproduced: it did not; `problems` says how (failure);
 * - fixed: a regression scenario's run passed, so the failure it recorded no longer occurs (success);
 * - still failing: a regression scenario's run failed; `problems` is empty when it failed exactly
 *   as recorded, and otherwise says how this failure differs (failure).
 */
export type ReplayOutcome =
  | { kind: "reproduced" }
  | { kind: "not reproduced"; problems: string[] }
  | { kind: "fixed" }
  | { kind: "still failing"; problems: string[] };

export function replayOutcome(scenario: ScenarioEnvelope, report: TestReport): ReplayOutcome {
  const problems = expectationProblems(scenario, report);
  if (scenario.expect?.regression && report.verdict !== "skip") return report.verdict === "pass" ? { kind: "fixed" } : { kind: "still failing", problems };
  return problems.length === 0 ? { kind: "reproduced" } : { kind: "not reproduced", problems };
}

/** Whether the outcome is a success (exit 0). */
export function replaySucceeded(outcome: ReplayOutcome): boolean {
  return outcome.kind === "reproduced" || outcome.kind === "fixed";
}
