import { spawnSync } from "node:child_process";
import { describe, expect, it, vi } from "vitest";
import { crash, INTERNAL_EXIT, stackSite, throwSite } from "../../src/cli/exit-codes.js";
import { renderRunView } from "../../src/check/view/render-run-view.js";
import { repo } from "../support/run-cli.js";
import { tempDir } from "../support/temp-dir.js";
import { exitOf } from "../support/exit-capture.js";

// The explanation of a failure fails inside kvlab's own code, as the run viewer once did on a
// 100,000-clerk run: the runs that finished are still printed, and the status is kvlab's own.
vi.mock("../../src/harness/forensics/report-failure.js", async (actual) => ({
  ...(await actual<object>()),
  reportFailure: async () => renderRunView(undefined as never),
}));
const { testCommand } = await import("../../src/cli/commands/test.js");

/** An error thrown by kvlab's own code (the page renderer, given nothing to render). */
function kvlabError(): Error {
  try {
    renderRunView(undefined as never);
  } catch (error) {
    return error as Error;
  }
  throw new Error("renderRunView did not throw");
}

/** What `crash` wrote and the status it exited with. */
function crashed(error: unknown): { status: number | undefined; stderr: string } {
  return exitOf(() => crash("kvlab", error));
}

describe("an error nothing caught", () => {
  it("is placed in kvlab's code by the first frame that is kvlab's or the user's", () => {
    expect(throwSite(kvlabError())).toEqual({ where: expect.stringMatching(/^src\/check\/view\/[\w-]+\.ts:\d+:\d+$/), ours: true });
    expect(throwSite(new Error("mine"))).toEqual({ where: expect.stringMatching(/\/tests\/cli\/internal-error\.test\.ts:\d+:\d+$/), ours: false });
    expect(throwSite("not an error")).toBeUndefined();
  });

  // kvlab installed from npm, in a project whose path has a space: its frames are under node_modules.
  const installed = "/home/me/My Lab/node_modules/kvlab";
  const kvlabFrame = `    at renderRunView (${installed}/dist/src/check/view/render-run-view.js:40:7)`;
  const userLine = "    at Object.createServer (file:///home/me/My Lab/my-kv.ts:12:3)";
  const libraryLine = "    at next (/home/me/My Lab/node_modules/yargs/build/index.cjs:3:9)";

  it("installed under node_modules/kvlab: kvlab's frame is kvlab's, even with the user's code below it", () => {
    const stack = ["TypeError: x is undefined", libraryLine, kvlabFrame, userLine, "    at node:internal/process/task_queues:95:5"].join("\n");
    expect(stackSite(stack, installed)).toEqual({ where: "dist/src/check/view/render-run-view.js:40:7", ours: true });
  });

  it("the user's frame, its path's spaces kept, when no frame above it is kvlab's; a library's frame is passed over", () => {
    const stack = ["RangeError: my bug", "    at JSON.parse (<anonymous>)", libraryLine, userLine, kvlabFrame].join("\n");
    expect(stackSite(stack, installed)).toEqual({ where: "/home/me/My Lab/my-kv.ts:12:3", ours: false });
  });

  it("kvlab's root is its package folder, not the nearest folder named dist", () => {
    const root = "/srv/dist/kvlab";
    expect(stackSite(`Error: x\n    at f (${root}/dist/src/cli/kvlab.js:5:1)`, root)).toEqual({ where: "dist/src/cli/kvlab.js:5:1", ours: true });
    expect(stackSite("Error: x\n    at f (/srv/dist/other/src/a.js:5:1)", root)).toEqual({ where: "/srv/dist/other/src/a.js:5:1", ours: false });
    expect(stackSite("Error: x\n    at f (/srv/dist/kvlab/examples/kv/reference.ts:5:1)", root)).toEqual({ where: "/srv/dist/kvlab/examples/kv/reference.ts:5:1", ours: false });
  });

  it("from kvlab's own code: one line that says it is kvlab's bug, where, and to report it; exit 70", () => {
    const { status, stderr } = crashed(kvlabError());
    expect(status).toBe(INTERNAL_EXIT);
    expect(INTERNAL_EXIT).not.toBeOneOf([0, 1, 2, 3]);
    expect(stderr).toMatch(/^kvlab: internal error \(a bug in kvlab, not in your code\): TypeError: .*, at src\/check\/view\/[\w-]+\.ts:\d+:\d+; please report it with the command that caused it\n$/);
  });

  it("from the user's code: theirs, with their line; exit 1", () => {
    const { status, stderr } = crashed(new RangeError("my bug"));
    expect(status).toBe(1);
    expect(stderr).toMatch(/^kvlab: your code threw RangeError: my bug, at \/.*\/tests\/cli\/internal-error\.test\.ts:\d+:\d+\n$/);
  });

  it("a thrown value that is not an Error, even one with no prototype, is still one line", () => {
    const { status, stderr } = crashed(Object.create(null));
    expect([status, stderr]).toEqual([INTERNAL_EXIT, "kvlab: internal error (a bug in kvlab, not in your code): [Object: null prototype] {}, at an unknown place; please report it with the command that caused it\n"]);
  });

  it("from the system (a file or port): its message; exit 1", () => {
    const { status, stderr } = crashed(Object.assign(new Error("ENOENT: no such file or directory, open 'x'"), { code: "ENOENT" }));
    expect([status, stderr]).toEqual([1, "kvlab: ENOENT: no such file or directory, open 'x'\n"]);
  });

  it("kvlab test --json still prints the runs that finished before kvlab failed, then fails with kvlab's error", async () => {
    let stdout = "";
    const write = vi.spyOn(process.stdout, "write").mockImplementation((text) => ((stdout += String(text)), true));
    const args = { lab: "kv", impl: "examples/kv/buggy/server-ignores-version.ts", suite: ["kvsrv"], test: ["TestReliablePut", "TestPutConcurrentReliable"], seed: 1, seeds: 1, workers: 1, watchdog: 60, "check-determinism": false, json: true, list: false, pages: tempDir(), explain: 3 };
    try {
      await expect(Promise.resolve(testCommand.handler(args as never))).rejects.toThrow(TypeError);
    } finally {
      write.mockRestore();
    }
    const reports = JSON.parse(stdout) as { test: string; verdict: string }[];
    expect(reports.map((r) => [r.test, r.verdict])).toEqual([["TestReliablePut", "fail"], ["TestPutConcurrentReliable", expect.any(String)]]);
  });

  it("thrown outside any command's promises, in a program that made crash its last resort: the same one line and exit 70", () => {
    const program = [
      'import { crashOnUncaught } from "./src/cli/exit-codes.ts";',
      'import { renderRunView } from "./src/check/view/render-run-view.ts";',
      'crashOnUncaught("kvs-server");',
      "setTimeout(() => renderRunView(undefined));",
    ].join("\n");
    const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", program], { cwd: repo, encoding: "utf8" });
    expect(run.status).toBe(INTERNAL_EXIT);
    expect(run.stderr).toMatch(/^kvs-server: internal error \(a bug in kvlab, not in your code\): TypeError: .*, at src\/check\/view\/[\w-]+\.ts:\d+:\d+; please report it with the command that caused it\n$/);
  });
});
