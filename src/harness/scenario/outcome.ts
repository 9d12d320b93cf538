import type { TestReport } from "../run-test.js";
import { expectationProblems } from "./run-scenario.js";
import type { Scenario } from "../../labs/kv/scenario/schema.js";

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

export function replayOutcome(scenario: Scenario, report: TestReport): ReplayOutcome {
  const problems = expectationProblems(scenario, report);
  if (scenario.expect?.regression && report.verdict !== "skip") return report.verdict === "pass" ? { kind: "fixed" } : { kind: "still failing", problems };
  return problems.length === 0 ? { kind: "reproduced" } : { kind: "not reproduced", problems };
}

/** Whether the outcome is a success (exit 0). */
export function replaySucceeded(outcome: ReplayOutcome): boolean {
  return outcome.kind === "reproduced" || outcome.kind === "fixed";
}
