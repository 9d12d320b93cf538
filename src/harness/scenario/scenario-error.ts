/**
 * A scenario file that cannot be used: one line naming the file, the field and what was expected.
 * The harness throws it for what every scenario shares (the file, its JSON, its lab); a lab's
 * `scenarios.parse` throws it for the rest.
 */
export class ScenarioError extends Error {
  override name = "ScenarioError";
}
