import { kvlabCommand } from "./command-line/kvlab-command.js";
import type { Run } from "./lab.js";

/** The lab `kvlab` runs when no `--lab` is given: its rerun commands leave the flag out. */
export const DEFAULT_LAB = "kv";

/**
 * The one command line that reproduces `run` exactly, with every option that can change its
 * outcome: `kvlab replay FILE` for a scenario's run, else `kvlab test … --test NAME --seed N`
 * (against a real server, `--target` instead of a seed, which such a run does not have). Every
 * rerun line kvlab prints comes from here.
 */
export function rerunCommand(run: Pick<Run, "lab" | "definition" | "seed" | "options">): string {
  const { options } = run;
  const impl = options.implPath === undefined ? [] : ["--impl", options.implPath];
  if (options.scenarioFile !== undefined) return kvlabCommand(["replay", options.scenarioFile, ...impl]);
  return kvlabCommand([
    "test",
    ...(run.lab.name === DEFAULT_LAB ? [] : ["--lab", run.lab.name]),
    ...impl,
    ...(options.target === undefined ? [] : ["--target", options.target]),
    "--test",
    run.definition.name,
    ...(options.target === undefined ? ["--seed", run.seed] : []),
    ...(options.checkSteps === undefined ? [] : ["--budget", options.checkSteps]),
    ...(options.checkDeterminism ? ["--check-determinism"] : []),
  ]);
}
