import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderRunView } from "../../check/index.js";
import type { Run } from "../lab.js";
import { rerunCommand } from "../rerun.js";
import { RUN_PAGES } from "../command-line/index.js";

/** A failure explained: lines for the terminal and the page that shows the whole run. */
export interface FailureReport {
  lines: string[];
  page?: string;
}

/**
 * Has the run's lab explain a failed run in its terms (it re-runs it with everything recorded:
 * runs are deterministic), and writes the run's one-page viewer to `dir`, with the command that
 * reproduces it (rerunCommand's, or `place.rerun`, e.g. a test runner's own command). Nothing for a
 * lab that does not explain its failures, or a run that passed.
 */
export async function reportFailure(run: Run, place: { dir?: string; rerun?: string } = {}): Promise<FailureReport> {
  const explanation = await run.lab.explain?.(run);
  if (!explanation) return { lines: [] };
  if (!explanation.view) return { lines: explanation.lines };
  const dir = place.dir ?? RUN_PAGES;
  mkdirSync(dir, { recursive: true });
  const { definition, seed } = run;
  const page = join(dir, run.options.scenarioFile !== undefined || definition.suite === "scenario" ? `${definition.name}.html` : `${definition.name}-seed${seed}.html`);
  writeFileSync(page, renderRunView({ ...explanation.view, rerun: place.rerun ?? rerunCommand(run) }));
  return { lines: explanation.lines, page };
}
