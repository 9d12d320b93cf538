// Running npm and the programs an install brings, as a user would in their own project.
import { runProcess, type CliRun } from "./run-cli.js";

/** `npm install` as the package tests run it: from the local npm cache where it can, quietly. */
export const INSTALL = ["install", "--prefer-offline", "--no-audit", "--no-fund"];
/** Each npm step may take this long on a cold cache: it downloads. */
export const NPM_TIMEOUT = 300_000;

export type Run = CliRun;

/**
 * What every child runs with: no colour, none of the npm_ variables of an enclosing `npm test`, and
 * none of npm's own notices (a newer npm, funding, audit), which would land on a stderr the tests
 * hold to being empty.
 */
const QUIET_NPM = { FORCE_COLOR: "0", NO_COLOR: "1", npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };

/** `command ARGS…` in `cwd`, in the environment above. */
export function run(cwd: string, command: string, ...args: string[]): Promise<Run> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  return runProcess(command, args, { cwd, env: { ...env, ...QUIET_NPM } });
}

/** `run`, throwing with the command's own words when it does not succeed: for setup steps. */
export async function step(cwd: string, command: string, ...args: string[]): Promise<Run> {
  const result = await run(cwd, command, ...args);
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} in ${cwd} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result;
}
