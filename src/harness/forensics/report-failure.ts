import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { KVImplementation } from "../../labs/kv/index.js";
import type { RunTestOptions } from "../run-test.js";
import type { LabTestDefinition } from "../test-definition.js";
import { buildRunView } from "../../labs/kv/forensics/build-run-view.js";
import { explainFailure, minimalPart } from "../../labs/kv/forensics/explain-run.js";
import { investigate } from "../../labs/kv/forensics/investigate.js";
import { renderRunView } from "../../check/view/render-run-view.js";
import { RUN_PAGES } from "./run-pages.js";

/** A failure explained: lines for the terminal and the page that shows the whole run. */
export interface FailureReport {
  lines: string[];
  page?: string;
}

/**
 * Re-runs a failed test with everything recorded (the same run: it is deterministic), explains it
 * in words and writes its one-page viewer to `dir`. `rerun` is the command that reproduces it.
 */
export async function reportFailure(
  impl: KVImplementation,
  definition: LabTestDefinition,
  seed: number,
  options: RunTestOptions & { rerun: string; dir?: string },
): Promise<FailureReport> {
  const investigation = await investigate(impl, definition, seed, options);
  if (!investigation || investigation.report.verdict !== "fail") return { lines: [] };
  const minimal = minimalPart(investigation);
  const lines = explainFailure(investigation, minimal);
  const dir = options.dir ?? RUN_PAGES;
  mkdirSync(dir, { recursive: true });
  const page = join(dir, definition.suite === "scenario" ? `${definition.name}.html` : `${definition.name}-seed${seed}.html`);
  writeFileSync(page, renderRunView(buildRunView(investigation, lines, minimal, options.rerun)));
  return { lines, page };
}
