/**
 * What kind of failure a run's is, where the harness or a lab acts on it, as a typed value rather
 * than words in the message: a memory measure's (its explanation weighs the server's memory), a
 * history the checker found not linearizable (its explanation shrinks it), or a run that was lost
 * because its worker thread went silent or died (no re-run here can explain it).
 */
export type FailureReason = { kind: "memory" } | { kind: "linearizability" } | { kind: "lost"; cause: "silent" | "died" };

/** A test's own assertion failed: its message is the lab's Fatal text. */
export class LabFailure extends Error {
  override name = "LabFailure";

  constructor(
    message: string,
    readonly reason?: FailureReason,
  ) {
    super(message);
  }
}
