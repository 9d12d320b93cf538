import { StuckRunError, TaskFailedError } from "../../labnet/index.js";
import type { KVImplementation } from "../kv/index.js";
import { LabFailure } from "./failure.js";
import { LabTest } from "./lab-test.js";
import type { LabTestDefinition } from "./suite.js";

/** What one test run at one seed came to: everything `--json` prints and the text report shows. */
export interface TestReport {
  suite: string;
  test: string;
  title: string;
  reliable: boolean;
  seed: number;
  verdict: "pass" | "fail" | "skip";
  /** The Fatal text of a failure, or why a test was skipped. */
  message?: string;
  /** Info lines, such as a linearizability check that ran out of budget. */
  info: string[];
  virtualMs: number;
  wallMs: number;
  rpcs: number;
  ops: number;
  traceHash: string;
}

export interface RunTestOptions {
  /** Keep the run's trace events (for replay and forensics). */
  trace?: boolean;
  /** Model steps each linearizability check may take (default LINEARIZABILITY_STEPS). */
  checkSteps?: number;
}

/** Runs one test of a suite against `impl` with `seed`, in virtual time; never throws for a failure. */
export async function runLabTest(impl: KVImplementation, definition: LabTestDefinition, seed: number, options: RunTestOptions = {}): Promise<TestReport> {
  const base = { suite: definition.suite, test: definition.name, title: definition.title, reliable: definition.reliable, seed };
  if (definition.needsLock && !impl.createLock) {
    return { ...base, verdict: "skip", message: "the implementation has no createLock", info: [], virtualMs: 0, wallMs: 0, rpcs: 0, ops: 0, traceHash: "" };
  }
  const t = new LabTest(impl, { seed, reliable: definition.reliable, trace: options.trace, timeLimitMs: definition.timeLimitMs, checkSteps: options.checkSteps });
  t.sim.spawn("tester", (env) => definition.body(t, env));
  const start = performance.now();
  let message: string | undefined;
  try {
    await t.sim.run();
  } catch (error) {
    message = failureText(error);
  }
  const counts = t.net.counts();
  return {
    ...base,
    verdict: message === undefined ? "pass" : "fail",
    ...(message === undefined ? {} : { message }),
    info: t.info,
    virtualMs: t.sim.now(),
    wallMs: performance.now() - start,
    rpcs: counts.sent,
    ops: counts.operations,
    traceHash: t.sim.trace.hash,
  };
}

/** A failure in words: a test's own Fatal text as is; otherwise who failed, when and how. */
function failureText(error: unknown): string {
  if (error instanceof TaskFailedError) {
    if (error.cause instanceof LabFailure) return error.cause.message;
    const cause = error.cause instanceof Error ? `${error.cause.name}: ${error.cause.message}` : String(error.cause);
    return `${error.task} threw at ${error.timeMs.toFixed(3)}ms: ${cause}`;
  }
  if (error instanceof StuckRunError || error instanceof Error) return error.message;
  return String(error);
}
