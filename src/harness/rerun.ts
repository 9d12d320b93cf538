import { DEFAULT_LAB } from "./command-line/default-lab.js";
import { kvlabCommand } from "./command-line/kvlab-command.js";
import type { Lab, Run, RunOptions } from "./lab.js";

/**
 * The words that pick `lab` on a `kvlab` command line: `--lab NAME`, or none for the default lab,
 * so that the KV lab's commands read as they did before there were other labs.
 */
export function labWords(lab: Pick<Lab, "name">): string[] {
  return lab.name === DEFAULT_LAB ? [] : ["--lab", lab.name];
}

/**
 * The words that name a run's part modules (`--raft ./my-raft.ts` …, see RunOptions.parts), by
 * flag in alphabetical order: one run, one line, whichever order the flags were given in.
 */
export function partWords(parts: RunOptions["parts"]): string[] {
  return Object.entries(parts ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([flag, path]) => [`--${flag}`, path]);
}

/** What a rerun line needs of a run: only names and options, so a report read back from JSON has them too. */
export type RerunnableRun = Pick<Run, "seed" | "options"> & { lab: Pick<Lab, "name">; definition: Pick<Run["definition"], "name"> };

/**
 * The one command line that reproduces `run` exactly, with every option that can change its
 * outcome, its part modules' flags beside `--impl`: `kvlab replay FILE` for a scenario's run, else `kvlab test … --test NAME --seed N`
 * (against a real server, `--target` instead of a seed, which such a run does not have). Every
 * rerun line kvlab prints for a run comes from here, except a test runner's own (the vitest command
 * registerLabSuites prints when it has no implPath) and `kvlab check`'s for a history.
 */
export function rerunCommand(run: RerunnableRun): string {
  const { options } = run;
  const impl = [...(options.implPath === undefined ? [] : ["--impl", options.implPath]), ...partWords(options.parts)];
  if (options.scenarioFile !== undefined) return kvlabCommand(["replay", options.scenarioFile, ...impl]);
  return kvlabCommand([
    "test",
    ...labWords(run.lab),
    ...impl,
    ...(options.target === undefined ? [] : ["--target", options.target]),
    "--test",
    run.definition.name,
    ...(options.target === undefined ? ["--seed", run.seed] : []),
    ...(options.checkSteps === undefined ? [] : ["--budget", options.checkSteps]),
    ...(options.checkDeterminism ? ["--check-determinism"] : []),
  ]);
}
