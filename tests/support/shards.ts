// Sweeps run in shards as processes, and what of their reports must equal an unsharded run's.
import { SHARD_SOURCES } from "../../src/harness/command-line/index.js";
import { type CliRun, repo, runProcess } from "./run-cli.js";

/**
 * This process's environment without any CI runner's or Kubernetes' shard variables (a test may
 * itself run in CI), and with `env` added: what `kvlab test --shard auto` sees in a given runner.
 */
export function runnerEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const names = new Set(SHARD_SOURCES.flatMap((source) => [source.index, source.count]));
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !names.has(name)));
  return { ...clean, FORCE_COLOR: "0", ...env };
}

/** Runs `kvlab ARGS…` from source, in the repository, with `env` as a runner gives it (see runnerEnv). */
export function kvlabIn(env: Record<string, string>, ...args: string[]): Promise<CliRun> {
  return runProcess(process.execPath, ["--import", "tsx", "src/cli/kvlab.ts", ...args], { cwd: repo, env: runnerEnv(env) });
}

/**
 * A `--json` array's reports without what differs from one run of a sweep to another of the same
 * runs: the wall time, the page of an explained failure (each shard explains its own first), and
 * the figures of the memory tests' info line, which measure the process's real heap, not the seed.
 */
export function comparable(json: string): unknown[] {
  const measured = (line: string) => line.replace(/^(info: memory per client:).*$/, "$1 (measured)");
  return (JSON.parse(json) as Record<string, unknown>[]).map(({ wallMs: _wall, page: _page, info, ...rest }) => ({ ...rest, info: (info as string[]).map(measured) }));
}

/** The lines of one failure and the totals a sweep prints at its end: what kvlab merge must print too. */
export function failureAndTotalLines(stdout: string): string[] {
  return stdout.split("\n").filter((line) => /^(Fatal: |  \.\.\. FAILED |  rerun: |\d+ passed, \d+ failed)/.test(line));
}
