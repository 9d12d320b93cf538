/**
 * What kind of failure a run's is, where the harness or a lab acts on it, as a typed value rather
 * than words in the message. The harness names two kinds itself, a lost run and a run too long to
 * record for an explanation; every other kind is a
 * lab's own (the KV lab's "memory" and "linearizability", whose explanations weigh the server's
 * memory or shrink the history), so a new lab adds kinds without editing the harness.
 */
export type FailureReason = LostRun | TraceTooLong | LabReason;

/** A run whose outcome was lost because its worker thread went silent or died: no re-run here can explain it. */
export interface LostRun {
  readonly kind: "lost";
  readonly cause: "silent" | "died";
}

/** A run recorded for an explanation that kept as many trace events as it may (RunOptions.traceLimit) and was still going. */
export interface TraceTooLong {
  readonly kind: "trace-limit";
  readonly events: number;
}

/**
 * A kind of failure a lab names for its tests (any word but the harness's "lost" and "trace-limit"), e.g.
 * `{ kind: "memory" }`. It travels in the report as it is, so it holds plain data only.
 */
export interface LabReason {
  readonly kind: string;
}

/** A test's own assertion failed: its message is the lab's Fatal text. */
export class LabFailure extends Error {
  override name = "LabFailure";

  constructor(
    message: string,
    readonly reason?: LabReason,
  ) {
    super(message);
  }
}
