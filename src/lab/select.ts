import type { LabTestDefinition, SuiteName } from "./suite.js";
import { kvlabCommand } from "./kvlab-command.js";
import { allTests, suites } from "./suites/index.js";

/** A --suite or --test that names nothing. */
export class SelectionError extends Error {
  override name = "SelectionError";
}

/** The tests a `--suite` and optional `--test` names select, in suite order. */
export function selectTests(suite: SuiteName | "all", names: readonly string[] = []): LabTestDefinition[] {
  const pool = suite === "all" ? allTests : suites[suite];
  if (names.length === 0) return pool;
  for (const name of names) {
    if (!pool.some((test) => test.name === name)) {
      const near = allTests.filter((test) => test.name.toLowerCase().includes(name.toLowerCase())).map((test) => test.name);
      const hint = near.length > 0 ? `; did you mean ${near.slice(0, 5).join(", ")}?` : `; \`${kvlabCommand(["test", "--list"])}\` shows every test`;
      throw new SelectionError(`no test named "${name}" in suite ${suite}${hint}`);
    }
  }
  return pool.filter((test) => names.includes(test.name));
}
