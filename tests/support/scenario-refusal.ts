import { expect } from "vitest";
import { ScenarioError } from "../../src/harness/index.js";

/** The one-line ScenarioError message `parse` throws (a test fails if it accepts). */
export function scenarioRefusal(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as Error).message;
  }
  throw new Error("accepted");
}
