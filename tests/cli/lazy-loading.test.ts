// Each kvlab command loads only what it uses: `kvlab check` starts without the lab, the simulator,
// the TCP server or tsx, which are most of kvlab's start-up, and loads the explanation and the run
// viewer only when it prints or writes them. Proved by what the built program loads, recorded by
// a loader hook, never by timing.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { builtKvlab, repo } from "../support/run-cli.js";
import { tempDir } from "../support/temp-dir.js";

const OK_HISTORY = "tests/check/fixtures/good/kv-concurrent.jsonl";
const ILLEGAL_HISTORY = "tests/check/fixtures/good/kv-stale-read.jsonl";

/** The packages the lab, the simulator and the TCP server use, and that checking a history does not. */
const LAB_PACKAGES = ["tsx", "esbuild", "zod", "fast-check", "pure-rand", "msgpackr", "pino", "seedrandom", "classic-level", "cli-progress"];

/**
 * kvlab's modules that check loads from outside src/check and src/cli: the light parts the command
 * line needs before any command runs, each through its face (so the face files load too, and
 * nothing else of their module). The crash report reads stacks at once, synchronously, when
 * anything fails: labnet's diagnostics part (labnet/diagnostics/index.js, not the simulator's
 * face; its crash handler also hands a run in progress a rejection nobody handled) and the harness's command-line part, which also gives the other commands' definitions
 * their defaults and the check of their --shard for their --help and parse; the labs `--lab` offers
 * come from the registry, which loads a lab only when it runs.
 */
const SHARED_LEAVES = [
  "dist/labnet/diagnostics/index.js",
  "dist/labnet/diagnostics/run-in-progress.js",
  "dist/labnet/diagnostics/stack-frames.js",
  "dist/labnet/diagnostics/thrown-text.js",
  "dist/src/harness/command-line/index.js",
  "dist/src/harness/command-line/default-lab.js",
  "dist/src/harness/command-line/linearizability-steps.js",
  "dist/src/harness/command-line/package-root.js",
  "dist/src/harness/command-line/run-pages.js",
  "dist/src/harness/command-line/shard.js",
  "dist/src/harness/command-line/shard-env.js",
  "dist/src/harness/command-line/stack-frames.js",
  "dist/src/harness/command-line/kvlab-command.js",
  "dist/src/harness/command-line/without-bom.js",
  "dist/src/labs/index.js",
];

interface Loaded {
  status: number | null;
  /** kvlab's own modules, from the repository's root: "dist/src/check/search/checker.js". */
  kvlab: string[];
  /** The packages loaded from node_modules. */
  packages: string[];
}

/** What the built `kvlab ARGS…` loads, as a loader hook preloaded into it records. */
async function loadedBy(...args: string[]): Promise<Loaded> {
  const trace = join(tempDir(), "modules.txt");
  const run = await builtKvlab(["--import", "./tests/cli/preload/module-trace.mjs"], args, { KVLAB_MODULE_TRACE: trace });
  // tsx marks what it loads with a query naming its namespace.
  const urls = readFileSync(trace, "utf8").split("\n").filter(Boolean).map((url) => url.replace(/\?.*$/, ""));
  const root = `${pathToFileURL(repo).href}/`;
  const ours = urls.filter((url) => url.startsWith(root) && !url.includes("/node_modules/")).map((url) => url.slice(root.length));
  const packages = urls.flatMap((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []);
  return { status: run.status, kvlab: [...new Set(ours)], packages: [...new Set(packages)] };
}

/** Modules outside the checker and the command line, but for the leaves every command shares. */
function beyondCheck(modules: readonly string[]): string[] {
  return modules.filter((m) => !m.startsWith("dist/src/check/") && !m.startsWith("dist/src/cli/") && !SHARED_LEAVES.includes(m) && m !== "bin/kvlab.js");
}

/** The handlers (what a command does) among `modules`. */
function handlers(modules: readonly string[]): string[] {
  return modules.filter((m) => m.endsWith("-handler.js")).map((m) => m.replace(/^.*\//, ""));
}

describe("kvlab check loads only what it uses", () => {
  it("an ok history: the checker and the command line, no other command's code, no lab package, no explanation", async () => {
    const loaded = await loadedBy("check", OK_HISTORY);
    expect(loaded.status).toBe(0);
    expect(loaded.kvlab).toContain("dist/src/check/search/checker.js");
    expect(beyondCheck(loaded.kvlab)).toEqual([]);
    expect(handlers(loaded.kvlab)).toEqual(["check-handler.js"]);
    expect(loaded.packages.filter((p) => LAB_PACKAGES.includes(p))).toEqual([]);
    // The checker's parts load through their own faces, never through the checker's face, which
    // offers them all: no explanation, no run viewer.
    expect(loaded.kvlab).not.toContain("dist/src/check/index.js");
    expect(loaded.kvlab.filter((m) => m.startsWith("dist/src/check/explain/") || m.startsWith("dist/src/check/view/"))).toEqual([]);
  });

  it("an illegal history: the explanation it prints too, and still nothing of the lab", async () => {
    const loaded = await loadedBy("check", ILLEGAL_HISTORY);
    expect(loaded.status).toBe(1);
    expect(loaded.kvlab).toEqual(expect.arrayContaining(["dist/src/check/explain/index.js", "dist/src/check/explain/explain.js"]));
    expect(loaded.kvlab.filter((m) => m.startsWith("dist/src/check/view/"))).toEqual([]);
    expect(beyondCheck(loaded.kvlab)).toEqual([]);
    expect(loaded.packages.filter((p) => LAB_PACKAGES.includes(p))).toEqual([]);
  });

  it("--html: the run viewer, and only then", async () => {
    const loaded = await loadedBy("check", OK_HISTORY, "--html", join(tempDir(), "run.html"));
    expect(loaded.status).toBe(0);
    expect(loaded.kvlab).toEqual(expect.arrayContaining(["dist/src/check/view/index.js", "dist/src/check/view/history-view.js", "dist/src/check/view/render-run-view.js"]));
    expect(loaded.packages.filter((p) => LAB_PACKAGES.includes(p))).toEqual([]);
  });
});

describe("the other commands load what they use, when they run", () => {
  it("kvlab --help lists every command without loading what any of them does", async () => {
    const loaded = await loadedBy("--help");
    expect(loaded.status).toBe(0);
    expect(handlers(loaded.kvlab)).toEqual([]);
    expect(beyondCheck(loaded.kvlab)).toEqual([]);
    expect(loaded.packages.filter((p) => LAB_PACKAGES.includes(p))).toEqual([]);
  });

  it("kvlab test of the reference implementation: the lab, the simulator and the TCP server, but no tsx", async () => {
    const loaded = await loadedBy("test", "--test", "TestReliablePut");
    expect(loaded.status).toBe(0);
    expect(handlers(loaded.kvlab)).toEqual(["test-handler.js"]);
    expect(loaded.kvlab).toEqual(expect.arrayContaining(["dist/labnet/index.js", "dist/src/harness/run-test.js", "dist/src/harness/tcp/index.js"]));
    expect(loaded.packages).not.toContain("tsx");
  });

  it("kvlab test of a TypeScript file: tsx, to compile it", async () => {
    const loaded = await loadedBy("test", "--impl", "examples/kv/my-kv.ts", "--test", "TestReliablePut");
    expect(loaded.status).toBe(0);
    expect(loaded.packages).toContain("tsx");
    expect(loaded.kvlab).toContain("examples/kv/my-kv.ts");
  });
});
