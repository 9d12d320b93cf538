import { thrownText } from "./diagnostics/index.js";
import type { AmbientUse } from "./ambient.js";

/** Every way a simulated run can fail by itself, as distinct classes so harnesses can report them. */
export class SimulationError extends Error {
  override name = "SimulationError";
  /** What user code reached for during the failed run (Math.random, Date.now, real timers). */
  ambient: AmbientUse[] = [];
}

/** A run that cannot finish by itself; `tasks` names the client tasks that never finished. */
export class StuckRunError extends SimulationError {
  override name = "StuckRunError";
  constructor(
    message: string,
    readonly tasks: readonly string[],
  ) {
    super(message);
  }
}

/** Tasks still wait but no simulated event is pending: nothing can ever wake them. */
export class DeadlockError extends StuckRunError {
  override name = "DeadlockError";
}

/** The run passed its virtual time limit (or stood still at one instant): a livelock or a hang. */
export class TimeLimitError extends StuckRunError {
  override name = "TimeLimitError";
}

/** A run kept as many trace events as it was allowed (Simulation.limitTrace): too long a run to record whole. */
export class TraceLimitError extends SimulationError {
  override name = "TraceLimitError";
  constructor(readonly events: number) {
    super(`the run kept its limit of ${events} trace events and was still going: too long a run to record whole`);
  }
}

/** A task (client or server code) threw; the run ends at once. `cause` is what it threw. */
export class TaskFailedError extends SimulationError {
  override name = "TaskFailedError";
  constructor(
    readonly task: string,
    readonly timeMs: number,
    override readonly cause: unknown,
  ) {
    super(`${task} failed at ${timeMs.toFixed(3)}ms: ${cause instanceof Error ? cause.message : thrownText(cause)}`);
  }
}
