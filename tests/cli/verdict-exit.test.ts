// A verdict kvlab printed and its exit status never disagree, whatever fails after the verdict was
// decided: a failure of the system's or of the user's code is still reported, in one line, but
// keeps the verdict's status; only a bug in kvlab itself turns it into 70, a status no verdict uses.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { INTERNAL_EXIT } from "../../src/cli/exit-codes.js";
import { builtKvlab, repo } from "../support/run-cli.js";

const OK_HISTORY = "tests/check/fixtures/good/kv-concurrent.jsonl";
const ILLEGAL_HISTORY = "tests/check/fixtures/good/kv-stale-read.jsonl";

/** The built `kvlab check FILE`, with a failure of `whose` kind thrown just after its verdict is printed. */
function failingAfterVerdict(file: string, whose: "system" | "user" | "kvlab") {
  return builtKvlab(["--import", "./tests/cli/preload/fail-after-verdict.mjs"], ["check", file], { KVLAB_LATE_FAILURE: whose });
}

describe("a failure after the verdict", () => {
  it.each([
    { file: OK_HISTORY, verdict: "ok", status: 0 },
    { file: ILLEGAL_HISTORY, verdict: "illegal", status: 1 },
  ])("from the system: its line, and the status of the verdict $verdict", async ({ file, verdict, status }) => {
    const run = await failingAfterVerdict(file, "system");
    expect(run.stdout).toContain(`${file}: ${verdict} (`);
    expect([run.status, run.stderr]).toEqual([status, "kvlab: EIO: i/o error, read\n"]);
  });

  it("from the user's code: its line, and the verdict's status", async () => {
    const run = await failingAfterVerdict(OK_HISTORY, "user");
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^kvlab: your code threw Error: late, at .*fail-after-verdict\.mjs:\d+:\d+\n$/);
  });

  it("from kvlab's own code: an internal error, 70, never a verdict's status", async () => {
    const run = await failingAfterVerdict(OK_HISTORY, "kvlab");
    expect(run.status).toBe(INTERNAL_EXIT);
    expect(run.stderr).toMatch(/^kvlab: internal error \(a bug in kvlab, not in your code\): TypeError: late, at dist\/src\/cli\/kvlab\.js:1:1;/);
  });
});

describe("under an address-space limit (ulimit -v 8000000) that WebAssembly cannot start in", () => {
  /** `node ARGS…` run by bash under the limit, in the repository. */
  const limited = (...args: string[]) => spawnSync("bash", ["-c", 'ulimit -v 8000000 && exec "$0" "$@"', process.execPath, ...args], { cwd: repo, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" } });

  it("the limit is real: WebAssembly (which tsx's lexer uses) cannot have memory in it", () => {
    const run = limited("-e", "new WebAssembly.Memory({ initial: 1 })");
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("RangeError: WebAssembly.Memory(): could not allocate memory");
  });

  it.each([
    { file: OK_HISTORY, verdict: "ok", status: 0 },
    { file: ILLEGAL_HISTORY, verdict: "illegal", status: 1 },
  ])("kvlab check prints $verdict and exits $status, nothing else", ({ file, verdict, status }) => {
    const run = limited("bin/kvlab.js", "check", file);
    expect([run.status, run.stderr]).toEqual([status, ""]);
    expect(run.stdout.split("\n")[0]).toMatch(new RegExp(`^${file}: ${verdict} \\(`));
  });

  it("kvlab test of a TypeScript file: tsx compiles it without WebAssembly, and the run's verdict is its status", () => {
    const run = limited("bin/kvlab.js", "test", "--impl", "examples/kv/my-kv.ts", "--test", "TestReliablePut");
    expect([run.status, run.stderr]).toEqual([0, ""]);
    expect(run.stdout).toMatch(/\n1 passed, 0 failed\n$/);
  });
});
