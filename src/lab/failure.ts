/** A test's own assertion failed: its message is the lab's Fatal text. */
export class LabFailure extends Error {
  override name = "LabFailure";
}
