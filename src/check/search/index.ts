/**
 * The checker's search: {@link check} takes a history and a model and finds a linearization, the
 * dead end that proves there is none, or the budget that ran out. A part with a face of its own so
 * that `kvlab check` loads the search without the explanation or the run viewer.
 */
export { check } from "./checker.js";
export type { Candidate, CheckOptions, CheckResult, DeadEnd, PartitionResult, UnknownReason, Verdict } from "./checker.js";
