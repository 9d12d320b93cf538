import { SimulationError, TaskFailedError, TraceLimitError, type AmbientUse, type TraceEvent } from "../../labnet/index.js";
import { setImmediate as nextTurn } from "node:timers/promises";
import { thrownText } from "../../labnet/diagnostics/index.js";
import { LabFailure, type FailureReason } from "./failure.js";
import type { Run, SimulatedWorld, TestDefinition } from "./lab.js";
import { placeText, userFrame } from "./load/user-frame.js";

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
  /** What kind of failure it is, when the test or the harness said (a memory measure's, a lost run's). */
  reason?: FailureReason;
  /** Info lines, such as a linearizability check that ran out of budget. */
  info: string[];
  /** Linearizability checks that ran out of budget (the run passes with an info line); absent when none did. */
  uncheckedHistories?: number;
  /** Servers in the run's world (the "#peers" of the report). */
  peers: number;
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

/** Runs one test of a lab at one seed, in virtual time; never throws for a failure. */
export async function runTest(run: Run): Promise<TestReport> {
  const { report, world } = await runInWorld(run);
  world?.end?.();
  return report;
}

/**
 * The same, also giving back the test's world (its history, and with `forensics` what the lab
 * keeps to explain a failure), or no world for a test the implementation cannot run (skipped).
 */
export async function runInWorld<World = unknown>(run: Run): Promise<{ report: TestReport; world?: World & SimulatedWorld }> {
  const { lab, impl, definition, seed, options } = run;
  const unsupported = lab.unsupported?.(impl, definition);
  if (unsupported !== undefined) return { report: unrunReport(definition, seed, "skip", unsupported) };
  let world: World & SimulatedWorld;
  try {
    world = lab.world(impl, {
      seed,
      reliable: definition.reliable,
      trace: options.trace,
      timeLimitMs: definition.timeLimitMs,
      checkSteps: options.checkSteps,
      network: options.network,
      forensics: options.forensics,
    }) as World & SimulatedWorld;
  } catch (error) {
    // User code runs as the world is built (a server's constructor): when it throws, the run fails
    // as when it throws later, rather than ending a whole sweep in this thread (or a worker).
    return { report: unrunReport(definition, seed, "fail", `the test's world could not be built: ${failureWords(error)}`) };
  }
  if (options.traceLimit !== undefined) world.sim.limitTrace(options.traceLimit);
  world.sim.spawn("tester", (env) => definition.body(world, env));
  const start = performance.now();
  let message: string | undefined;
  let reason: FailureReason | undefined;
  let ambient: AmbientUse[] | undefined;
  const abort = () => world.sim.abort(new Error(`the run was stopped from outside: ${String(options.signal?.reason ?? "aborted")}`));
  options.signal?.addEventListener("abort", abort, { once: true });
  try {
    if (options.signal?.aborted) abort();
    ({ ambient } = await world.sim.run());
  } catch (error) {
    message = failureText(error);
    if (error instanceof TaskFailedError && error.cause instanceof LabFailure) reason = error.cause.reason;
    if (error instanceof TraceLimitError) reason = { kind: "trace-limit", events: error.events };
    if (error instanceof SimulationError) ambient = error.ambient;
  } finally {
    options.signal?.removeEventListener("abort", abort);
  }
  // A run ends inside an event-loop turn that still holds its world (a failed run, its whole
  // server); let that turn end, so the next run's memory test does not see it freed as it measures.
  await nextTurn();
  const counts = world.net.counts();
  const report: TestReport = {
    ...identity(definition, seed),
    verdict: message === undefined ? "pass" : "fail",
    ...(message === undefined ? {} : { message }),
    ...(reason === undefined ? {} : { reason }),
    info: world.notes.info,
    ...(world.notes.uncheckedHistories === 0 ? {} : { uncheckedHistories: world.notes.uncheckedHistories }),
    peers: world.peers,
    virtualMs: world.sim.now(),
    wallMs: performance.now() - start,
    rpcs: counts.sent,
    ops: counts.operations,
    traceHash: world.sim.trace.hash,
    ...(world.sim.trace.events ? { trace: world.sim.trace.events } : {}),
    ...(ambient === undefined ? {} : { ambient }),
  };
  return { report, world };
}

/** The fields that say which run a report is of. */
export function identity(definition: TestDefinition, seed: number) {
  return { suite: definition.suite, test: definition.name, title: definition.title, reliable: definition.reliable, seed };
}

/**
 * The report of a run that never took place (skipped) or whose outcome was lost (its worker
 * stopped: `reason` says so, as a typed value).
 */
export function unrunReport(definition: TestDefinition, seed: number, verdict: "skip" | "fail", message: string, reason?: FailureReason): TestReport {
  return { ...identity(definition, seed), verdict, message, ...(reason === undefined ? {} : { reason }), info: [], peers: 0, virtualMs: 0, wallMs: 0, rpcs: 0, ops: 0, traceHash: "" };
}

/**
 * A failure in words: a test's own Fatal text as is; otherwise who failed, when and how, and,
 * when user code threw, the place in the user's file where it did (see userFrame).
 */
function failureText(error: unknown): string {
  if (error instanceof TaskFailedError) {
    if (error.cause instanceof LabFailure) return error.cause.message;
    return `${error.task} threw at ${error.timeMs.toFixed(3)}ms: ${failureWords(error.cause)}`;
  }
  if (error instanceof Error) return `${error.message}${thrownAt(error.cause)}`;
  return thrownText(error);
}

/**
 * What was thrown, in words, and where in the user's file when user code threw it:
 * "RangeError: out of range (at my-kv.ts:12:5)". A run over TCP words its failures so too.
 */
export function failureWords(thrown: unknown): string {
  return `${thrownWords(thrown)}${thrownAt(thrown)}`;
}

/** What was thrown, in words: "Error: message" for an Error, else the value as written. */
function thrownWords(thrown: unknown): string {
  return thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : thrownText(thrown);
}

/** ` (at my-kv.ts:12:5)`: the user's frame of what was thrown, or nothing when no user code threw. */
function thrownAt(thrown: unknown): string {
  const place = thrown instanceof Error && !(thrown instanceof LabFailure) ? userFrame(thrown.stack) : undefined;
  return place ? ` (at ${placeText(place)})` : "";
}
