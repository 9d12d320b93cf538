/**
 * What kind of failure a test's assertion is, where the lab acts on it (the explanation of a
 * memory failure weighs the server's memory), as a typed value rather than words in the message.
 */
export type FailureReason = {
  kind: "memory";
  /** The clients the measure ran over, so the explanation's per-client figure is the test's own. */
  clients?: number;
};

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
