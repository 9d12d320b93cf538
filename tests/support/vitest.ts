// Running vitest on a test file of its own, as a student's project runs it, and reading its verdicts.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repo } from "./run-cli.js";

export interface VitestRun {
  status: number | null;
  /** stdout and stderr together, as a terminal shows them. */
  output: string;
  /** Each test's full name and status, from vitest's JSON report. */
  results: { title: string; status: string }[];
}

/** `vitest run ARGS…` with the repository's vitest, rooted at and run in `dir`. */
export function vitest(dir: string, ...args: string[]): Promise<VitestRun> {
  const out = join(dir, "report.json");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repo, "node_modules/vitest/vitest.mjs"), "run", ...args, "--root", dir, "--reporter=default", "--reporter=json", `--outputFile.json=${out}`], {
      cwd: dir,
      env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (status) => {
      const report = JSON.parse(readFileSync(out, "utf8")) as { testResults: { assertionResults: { fullName: string; status: string }[] }[] };
      resolve({ status, output, results: report.testResults.flatMap((file) => file.assertionResults.map((r) => ({ title: r.fullName, status: r.status }))) });
    });
  });
}
