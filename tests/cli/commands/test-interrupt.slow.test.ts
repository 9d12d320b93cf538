// Ctrl-C during a long `kvlab test` sweep, as a user's shell sends it to the built kvlab: the sweep
// stops, the runs that finished are summed up, a line says which did not run, --json prints the
// finished runs' reports only, and the status is 130 whatever the finished runs gave.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { repo } from "../../support/run-cli.js";

const seeds = 100_000;
const sweep = ["test", "--test", "TestReliablePut", "--seeds", String(seeds)];

interface Interrupted {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built kvlab with `args` and sends it SIGINT once `ready` holds of what it has printed so
 * far (stdout, stderr): the sweep is under way then, far from its end, and nothing waits on a clock.
 */
function interrupt(args: readonly string[], ready: (stdout: string, stderr: string) => boolean): Promise<Interrupted> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/kvlab.js", ...args], { cwd: repo, env: { ...process.env, FORCE_COLOR: "0" } });
    let stdout = "";
    let stderr = "";
    let sent = false;
    const check = () => {
      if (sent || !ready(stdout, stderr)) return;
      sent = true;
      child.kill("SIGINT");
    };
    child.stdout.on("data", (d: Buffer) => ((stdout += d.toString()), check()));
    child.stderr.on("data", (d: Buffer) => ((stderr += d.toString()), check()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** The seeds whose runs printed their verdict line, in the order printed. */
const finishedSeeds = (stdout: string) => [...stdout.matchAll(/\(seed (\d+), trace|\.\.\. \[seed (\d+)\]\n {2}\.\.\. Passed/g)].map((match) => Number(match[1] ?? match[2]));

describe("kvlab test interrupted by Ctrl-C", () => {
  it("in this thread: stops, sums up the runs that finished (failures too), names the seeds that did not run, exits 130", async () => {
    const buggy = "examples/kv/buggy/server-ignores-version.ts";
    const { status, stdout, stderr } = await interrupt([...sweep, "--impl", buggy], (out) => out.includes("rerun: "));
    const done = finishedSeeds(stdout);
    expect(done.length).toBeGreaterThan(0);
    expect(done).toEqual(done.map((_, i) => i + 1));
    expect(stdout.trim().split("\n").slice(-2)).toEqual([
      `interrupted after ${done.length} of ${seeds} runs; not run: TestReliablePut seeds ${done.length + 1}–${seeds}`,
      `0 passed, ${done.length} failed`,
    ]);
    // Failures are not explained (that re-runs them): their rerun lines were printed.
    expect(stdout).not.toContain("Why TestReliablePut failed");
    expect(stderr).toBe("");
    expect(status).toBe(130);
  });

  it("on workers: the finished runs' lines in run order, the interrupted line and the summary, exit 130", async () => {
    const { status, stdout, stderr } = await interrupt([...sweep, "--workers", "2"], (out) => out.includes("Passed"));
    const done = finishedSeeds(stdout);
    expect(done.length).toBeGreaterThan(0);
    expect(done).toEqual(done.map((_, i) => i + 1));
    expect(stdout.trim().split("\n").slice(-2)).toEqual([
      `interrupted after ${done.length} of ${seeds} runs; not run: TestReliablePut seeds ${done.length + 1}–${seeds}`,
      `${done.length} passed, 0 failed`,
    ]);
    expect(stderr).toBe("");
    expect(status).toBe(130);
  });

  it("with --json: the array of the finished runs only, the interrupted line on stderr, exit 130", async () => {
    // --json prints nothing before its end: the fixture's server says on stderr when a run builds
    // it, so the second one means the first run has finished.
    const impl = "tests/labs/kv/fixtures/announcing-server.ts";
    const { status, stdout, stderr } = await interrupt([...sweep, "--impl", impl, "--json"], (_, err) => err.split("server created").length > 2);
    const reports = JSON.parse(stdout) as { test: string; seed: number; verdict: string }[];
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.map(({ test, seed, verdict }) => `${test}/${seed} ${verdict}`)).toEqual(reports.map((_, i) => `TestReliablePut/${i + 1} pass`));
    expect(stderr.trim().split("\n").at(-1)).toBe(`interrupted after ${reports.length} of ${seeds} runs; not run: TestReliablePut seeds ${reports.length + 1}–${seeds}`);
    expect(status).toBe(130);
  });
});
