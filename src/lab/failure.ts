/** A test's own assertion failed: its message is the course-style Fatal text. */
export class LabFailure extends Error {
  override name = "LabFailure";
}
