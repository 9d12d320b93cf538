/**
 * What kind of failure a test's assertion is, where the lab acts on it (the explanation of a
 * memory failure weighs the server's memory), as a typed value rather than words in the message.
 */
export type FailureReason = { kind: "memory" };

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
