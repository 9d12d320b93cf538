import { SimulationError, TaskFailedError, type AmbientUse, type FaultProfile, type TraceEvent } from "../../labnet/index.js";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { KVImplementation } from "../labs/kv/index.js";
import { LabFailure, type FailureReason } from "./failure.js";
import { LabTest } from "../labs/kv/sim-world.js";
import { placeText, userFrame } from "./load/user-frame.js";
import { thrownText } from "../../labnet/thrown-text.js";
import type { LabTestDefinition } from "./test-definition.js";

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
  /** What kind of failure it is, when the test said (a memory measure's). */
  reason?: FailureReason;
  /** Info lines, such as a linearizability check that ran out of budget. */
  info: string[];
  virtualMs: number;
  wallMs: number;
  rpcs: number;
  ops: number;
  traceHash: string;
  /** The run's events, when it was asked to keep them (`trace: true`). */
  trace?: TraceEvent[];
  /**
   * Where user code called Math.random, Date.now or a real timer during the run. Only a run that
   * ends without failing has this: labnet's run errors do not carry the calls.
   */
  ambient?: AmbientUse[];
}

export interface RunTestOptions {
  /** Keep the run's trace events (for replay and forensics). */
  trace?: boolean;
  /** Model steps each linearizability check may take (default LINEARIZABILITY_STEPS). */
  checkSteps?: number;
  /** A network other than the test's own reliable or unreliable one (scenarios set this). */
  network?: FaultProfile;
  /** Keep the clerk journal and server executions too (see LabTest), to explain a failure. */
  forensics?: boolean;
  /** Ends the run at once when aborted (e.g. a test runner's timeout), so the next run may start. */
  signal?: AbortSignal;
}

/** Runs one test of a suite against `impl` with `seed`, in virtual time; never throws for a failure. */
export async function runLabTest(impl: KVImplementation, definition: LabTestDefinition, seed: number, options: RunTestOptions = {}): Promise<TestReport> {
  return (await runInLab(impl, definition, seed, options)).report;
}

/** The same, also giving back the test's world (history, clerk journal, executions) for forensics. */
export async function runInLab(
  impl: KVImplementation,
  definition: LabTestDefinition,
  seed: number,
  options: RunTestOptions = {},
): Promise<{ report: TestReport; lab?: LabTest }> {
  if (definition.needsLock && !impl.createLock) return { report: unrunReport(definition, seed, "skip", "the implementation has no createLock") };
  const t = new LabTest(impl, {
    seed,
    reliable: definition.reliable,
    trace: options.trace,
    timeLimitMs: definition.timeLimitMs,
    checkSteps: options.checkSteps,
    network: options.network,
    forensics: options.forensics,
  });
  t.sim.spawn("tester", (env) => definition.body(t, env));
  const start = performance.now();
  let message: string | undefined;
  let reason: FailureReason | undefined;
  let ambient: AmbientUse[] | undefined;
  const abort = () => t.sim.abort(new Error(`the run was stopped from outside: ${String(options.signal?.reason ?? "aborted")}`));
  options.signal?.addEventListener("abort", abort, { once: true });
  try {
    if (options.signal?.aborted) abort();
    ({ ambient } = await t.sim.run());
  } catch (error) {
    message = failureText(error);
    if (error instanceof TaskFailedError && error.cause instanceof LabFailure) reason = error.cause.reason;
    if (error instanceof SimulationError) ambient = error.ambient;
  } finally {
    options.signal?.removeEventListener("abort", abort);
  }
  // A run ends inside an event-loop turn that still holds its world (a failed run, its whole
  // server); let that turn end, so the next run's memory test does not see it freed as it measures.
  await nextTurn();
  const counts = t.net.counts();
  const report: TestReport = {
    ...identity(definition, seed),
    verdict: message === undefined ? "pass" : "fail",
    ...(message === undefined ? {} : { message }),
    ...(reason === undefined ? {} : { reason }),
    info: t.info,
    virtualMs: t.sim.now(),
    wallMs: performance.now() - start,
    rpcs: counts.sent,
    ops: counts.operations,
    traceHash: t.sim.trace.hash,
    ...(t.sim.trace.events ? { trace: t.sim.trace.events } : {}),
    ...(ambient === undefined ? {} : { ambient }),
  };
  return { report, lab: t };
}

/** The fields that say which run a report is of. */
function identity(definition: LabTestDefinition, seed: number) {
  return { suite: definition.suite, test: definition.name, title: definition.title, reliable: definition.reliable, seed };
}

/** The report of a run that never took place (skipped) or whose outcome was lost (its worker stopped). */
export function unrunReport(definition: LabTestDefinition, seed: number, verdict: "skip" | "fail", message: string): TestReport {
  return { ...identity(definition, seed), verdict, message, info: [], virtualMs: 0, wallMs: 0, rpcs: 0, ops: 0, traceHash: "" };
}

/**
 * A failure in words: a test's own Fatal text as is; otherwise who failed, when and how, and,
 * when user code threw, the place in the user's file where it did (see userFrame).
 */
function failureText(error: unknown): string {
  if (error instanceof TaskFailedError) {
    if (error.cause instanceof LabFailure) return error.cause.message;
    const cause = error.cause instanceof Error ? `${error.cause.name}: ${error.cause.message}` : thrownText(error.cause);
    return `${error.task} threw at ${error.timeMs.toFixed(3)}ms: ${cause}${thrownAt(error.cause)}`;
  }
  if (error instanceof Error) return `${error.message}${thrownAt(error.cause)}`;
  return thrownText(error);
}

/** ` (at my-kv.ts:12:5)`: the user's frame of what was thrown, or nothing when no user code threw. */
function thrownAt(thrown: unknown): string {
  const place = thrown instanceof Error && !(thrown instanceof LabFailure) ? userFrame(thrown.stack) : undefined;
  return place ? ` (at ${placeText(place)})` : "";
}
