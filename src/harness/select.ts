import type { Lab, TestDefinition } from "./lab.js";
import { kvlabCommand } from "./command-line/kvlab-command.js";
import { labWords } from "./rerun.js";

/** A --suite or --test that names nothing. */
export class SelectionError extends Error {
  override name = "SelectionError";
}

/** Every test of a lab, suite by suite in the lab's order. */
export function allTestsOf<World>(lab: Pick<Lab<unknown, World>, "suites">): TestDefinition<World>[] {
  return Object.values(lab.suites).flat();
}

/**
 * The tests of `lab` a `--suite` (one suite, several, or "all") and optional `--test` names
 * select, in suite order, each once however often its suite is named.
 */
export function selectTests<World>(lab: Pick<Lab<unknown, World>, "name" | "suites">, suite: string | readonly string[], names: readonly string[] = []): TestDefinition<World>[] {
  const named = typeof suite === "string" ? [suite] : suite;
  const every = allTestsOf(lab);
  const unknown = named.find((name) => name !== "all" && !Object.hasOwn(lab.suites, name));
  if (unknown !== undefined) throw new SelectionError(`no suite named "${unknown}" in the ${lab.name} lab; its suites are ${Object.keys(lab.suites).join(", ")}`);
  const pool = named.includes("all") ? every : every.filter((test) => named.includes(test.suite));
  if (names.length === 0) return pool;
  for (const name of names) {
    if (!pool.some((test) => test.name === name)) {
      const near = every.filter((test) => test.name.toLowerCase().includes(name.toLowerCase())).map((test) => test.name);
      const list = kvlabCommand(["test", ...labWords(lab), "--list"]);
      const hint = near.length > 0 ? `; did you mean ${near.slice(0, 5).join(", ")}?` : `; \`${list}\` shows every test`;
      throw new SelectionError(`no test named "${name}" in suite ${named.join(" ")}${hint}`);
    }
  }
  return pool.filter((test) => names.includes(test.name));
}
