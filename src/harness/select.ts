import type { LabTestDefinition, SuiteName } from "./test-definition.js";
import { kvlabCommand } from "./kvlab-command.js";
import { allTests } from "../labs/kv/suites/index.js";

/** A --suite or --test that names nothing. */
export class SelectionError extends Error {
  override name = "SelectionError";
}

/**
 * The tests a `--suite` (one suite, several, or "all") and optional `--test` names select, in
 * suite order, each once however often its suite is named.
 */
export function selectTests(suite: SuiteName | "all" | readonly (SuiteName | "all")[], names: readonly string[] = []): LabTestDefinition[] {
  const named = typeof suite === "string" ? [suite] : suite;
  const pool = named.includes("all") ? allTests : allTests.filter((test) => named.includes(test.suite as SuiteName));
  if (names.length === 0) return pool;
  for (const name of names) {
    if (!pool.some((test) => test.name === name)) {
      const near = allTests.filter((test) => test.name.toLowerCase().includes(name.toLowerCase())).map((test) => test.name);
      const hint = near.length > 0 ? `; did you mean ${near.slice(0, 5).join(", ")}?` : `; \`${kvlabCommand(["test", "--list"])}\` shows every test`;
      throw new SelectionError(`no test named "${name}" in suite ${named.join(" ")}${hint}`);
    }
  }
  return pool.filter((test) => names.includes(test.name));
}
