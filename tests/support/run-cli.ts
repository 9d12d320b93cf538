import { spawn } from "node:child_process";
import { join } from "node:path";

export const repo = join(import.meta.dirname, "..", "..");

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `command ARGS…` to its end, collecting what it prints. */
export function runProcess(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, options);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** Runs `kvlab ARGS…` from source (no build needed), without colour, in the repository. */
export function kvlab(...args: string[]): Promise<CliRun> {
  return runProcess(process.execPath, ["--import", "tsx", "src/cli/kvlab.ts", ...args], { cwd: repo, env: { ...process.env, FORCE_COLOR: "0" } });
}

/**
 * Runs the built `kvlab ARGS…` (bin/kvlab.js, from dist/: `npm test` builds it first) with Node's
 * `flags` before it and `env` added, without colour, in the repository: as a user's shell runs it,
 * with no tsx loaded for it.
 */
export function builtKvlab(flags: readonly string[], args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return runProcess(process.execPath, [...flags, "bin/kvlab.js", ...args], { cwd: repo, env: { ...process.env, FORCE_COLOR: "0", ...env } });
}
