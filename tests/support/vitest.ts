// Running vitest on a test file of its own, as a student's project runs it, and reading its verdicts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repo, runProcess } from "./run-cli.js";

export interface VitestRun {
  status: number | null;
  /** stdout, then stderr: what the run printed, for what it contains. */
  output: string;
  /** Each test's full name and status, from vitest's JSON report. */
  results: { title: string; status: string }[];
}

/** `vitest run ARGS…` with the repository's vitest, rooted at and run in `dir`. */
export async function vitest(dir: string, ...args: string[]): Promise<VitestRun> {
  const out = join(dir, "report.json");
  const command = [join(repo, "node_modules/vitest/vitest.mjs"), "run", ...args, "--root", dir, "--reporter=default", "--reporter=json", `--outputFile.json=${out}`];
  const { status, stdout, stderr } = await runProcess(process.execPath, command, { cwd: dir, env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" } });
  const report = JSON.parse(readFileSync(out, "utf8")) as { testResults: { assertionResults: { fullName: string; status: string }[] }[] };
  return { status, output: stdout + stderr, results: report.testResults.flatMap((file) => file.assertionResults.map((r) => ({ title: r.fullName, status: r.status }))) };
}
