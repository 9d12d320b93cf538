import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { DEFAULT_LAB } from "../command-line/default-lab.js";
import type { Lab } from "../lab.js";
import { rerunCommand } from "../rerun.js";
import { writeScenario } from "../scenario/files.js";
import { labScenarios } from "../scenario/lab-scenarios.js";
import { traceLines } from "../scenario/run-scenario.js";
import type { Counterexample } from "./fuzz.js";

/** The files a counterexample is kept in. */
export interface CounterexampleFiles {
  scenario: string;
  trace: string;
  test: string;
}

/**
 * Writes a counterexample of `lab` into `dir` as NAME.json (a regression scenario: this very
 * failure and trace, recorded to be fixed; it names its lab unless that is the default one),
 * NAME.trace (its events, so a replay that diverges can say where) and NAME.test.ts (a vitest
 * regression test that passes once the bug is fixed). `impl` is the module path the scenario
 * runs, or undefined for the reference; `parts`, the modules of the lab's parts it ran with, by flag.
 */
export function writeCounterexample(lab: Lab, dir: string, name: string, found: Counterexample, impl: string | undefined, parts: Readonly<Record<string, string>> = {}): CounterexampleFiles {
  mkdirSync(dir, { recursive: true });
  const files = { scenario: join(dir, `${name}.json`), trace: join(dir, `${name}.trace`), test: join(dir, `${name}.test.ts`) };
  const fromDir = (path: string) => relative(resolve(dir), resolve(path)) || path;
  const implementation = impl === undefined ? "reference" : fromDir(impl);
  writeScenario(files.scenario, {
    ...found.scenario,
    ...(lab.name === DEFAULT_LAB ? {} : { lab: lab.name }),
    description: `Found by kvlab fuzz: ${found.report.message}`,
    implementation,
    ...(Object.keys(parts).length === 0 ? {} : { parts: Object.fromEntries(Object.entries(parts).map(([flag, path]) => [flag, fromDir(path)])) }),
    expect: { verdict: "fail", message: found.report.message, traceHash: found.report.traceHash, traceFile: `${name}.trace`, regression: true },
  });
  writeFileSync(files.trace, `${traceLines(found.report).join("\n")}\n`);
  // The scenario's own run, replayed from its file as it lies beside the test.
  const { definition, seed } = labScenarios(lab, files.scenario).toRun(found.scenario, name);
  const replay = rerunCommand({ lab, definition, seed, options: { scenarioFile: `${name}.json` } });
  writeFileSync(
    files.test,
    `// Regression test for a failure kvlab fuzz found: ${found.report.message}
// It fails until the bug is fixed; \`${replay}\` (from this folder) shows the failing run.
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { runScenarioFile } from "kvlab";

it(${JSON.stringify(`${name} no longer fails`)}, async () => {
  const report = await runScenarioFile(fileURLToPath(new URL(${JSON.stringify(`./${name}.json`)}, import.meta.url)));
  expect(report.message).toBeUndefined();
  expect(report.verdict).toBe("pass");
});
`,
  );
  return files;
}
