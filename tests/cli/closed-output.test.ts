// A reader that stops reading (`kvlab check … | head -1`) ends kvlab quietly: no stack trace, no
// "internal error", and the exit status of the verdict already decided, or, before any, the one a
// shell gives a program that a closed pipe stopped.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { CLOSED_OUTPUT_EXIT, endOnClosedOutput } from "../../src/cli/exit-codes.js";
import { repo } from "../support/run-cli.js";
import { exitOf } from "../support/exit-capture.js";

const OK_HISTORY = "tests/check/fixtures/good/kv-concurrent.jsonl";
const ILLEGAL_HISTORY = "tests/check/fixtures/good/kv-stale-read.jsonl";

/**
 * Runs the built `kvlab ARGS…` with its stdout (or stderr) closed before it writes anything: a
 * preload holds it back until its stdin ends, which happens only once the test's end of that
 * output is closed. Returns its exit status and what it wrote to the output left open.
 */
function withClosed(output: "stdout" | "stderr", ...args: string[]): Promise<{ status: number | null; written: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "./tests/cli/preload/wait-for-stdin.mjs", "bin/kvlab.js", ...args], { cwd: repo, env: { ...process.env, FORCE_COLOR: "0" } });
    const open = output === "stdout" ? child.stderr : child.stdout;
    let written = "";
    open.on("data", (d: Buffer) => (written += d.toString()));
    child[output].on("close", () => child.stdin.end());
    child[output].destroy();
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, written }));
  });
}

describe("stdout closed before kvlab writes", () => {
  it.each([
    { args: ["check", OK_HISTORY], status: 0 },
    { args: ["check", ILLEGAL_HISTORY], status: 1 },
    { args: ["check", OK_HISTORY, ILLEGAL_HISTORY, OK_HISTORY], status: 1 },
    { args: ["check", ILLEGAL_HISTORY, "--json"], status: 1 },
    { args: ["check", "--budget", "0", ILLEGAL_HISTORY], status: 2 },
  ])("kvlab $args: quiet, with its verdict's status $status", async ({ args, status }) => {
    expect(await withClosed("stdout", ...args)).toEqual({ status, written: "" });
  });

  it.each([{ args: ["--help"] }, { args: ["check", "--help"] }, { args: ["test", "--list"] }])("kvlab $args: quiet, status 0", async ({ args }) => {
    expect(await withClosed("stdout", ...args)).toEqual({ status: 0, written: "" });
  });

  it("kvlab test, stopped before its verdict by its first line: quiet, with a closed pipe's status", async () => {
    expect(await withClosed("stdout", "test", "--test", "TestReliablePut")).toEqual({ status: CLOSED_OUTPUT_EXIT, written: "" });
  });
});

describe("stderr closed before kvlab writes", () => {
  it("a file that cannot be read: quiet, still status 3", async () => {
    expect(await withClosed("stderr", "check", "no-such-history.jsonl")).toEqual({ status: 3, written: "" });
  });
});

describe("another error writing the output", () => {
  it("is no reader gone: it ends kvlab as a crash does, in one line", () => {
    const ended = exitOf(() => endOnClosedOutput("kvlab", Object.assign(new Error("EIO: i/o error, write"), { code: "EIO" })));
    expect(ended).toEqual({ status: 1, stderr: "kvlab: EIO: i/o error, write\n" });
  });
});
