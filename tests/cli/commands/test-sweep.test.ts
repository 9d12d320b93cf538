import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { type CliRun, kvlab, repo } from "../../support/run-cli.js";
import { tempDirForFile } from "../../support/temp-dir.js";

const buggy = "examples/kv/buggy/clerk-never-errmaybe.ts";
const backoffCounter = "tests/labs/kv/fixtures/backoff-counter-clerk.ts";
const mathRandom = "tests/labs/kv/fixtures/math-random-clerk.ts";
const busyLoop = "tests/labs/kv/fixtures/busy-loop-clerk.ts";
const sweep = ["test", "--test", "TestReliablePut", "TestUnreliableNet", "TestReliableBasic", "--seeds", "3"];

// The runs are independent, so they start together and the tests read their results.
const runs: Record<string, CliRun> = {};
/** Where failing runs write their pages: not the repository's kvlab-runs/. */
let pages = "";
beforeAll(async () => {
  pages = tempDirForFile("kvlab-sweep-pages-");
  const plan: Record<string, string[]> = {
    inProcess: sweep,
    workers: [...sweep, "--workers", "2"],
    shard1: [...sweep, "--shard", "1/2"],
    shard2: [...sweep, "--shard", "2/2", "--workers", "2"],
    failingInShard: ["test", "--impl", buggy, "--test", "TestReliablePut", "TestUnreliableNet", "--seeds", "2", "--shard", "2/2", "--budget", "100000"],
    deterministic: ["test", "--test", "TestReliablePut", "TestUnreliableNet", "TestReliableBasic", "--check-determinism"],
    nondeterministic: ["test", "--impl", backoffCounter, "--test", "TestReliablePut", "TestUnreliableNet", "--check-determinism"],
    mathRandom: ["test", "--impl", mathRandom, "--test", "TestUnreliableNet", "--seeds", "2", "--check-determinism"],
    busyLoop: ["test", "--impl", busyLoop, "--test", "TestReliablePut", "TestUnreliableNet", "--workers", "2", "--watchdog", "1"],
    badShard: ["test", "--shard", "3/2"],
    badWorkers: ["test", "--workers", "0"],
  };
  const results = await Promise.all(Object.entries(plan).map(([name, args]) => kvlab(...args, "--pages", join(pages, name))));
  Object.keys(plan).forEach((name, i) => (runs[name] = results[i]!));
}, 120_000);

interface JsonReport {
  test: string;
  verdict: string;
  message?: string;
}
const withoutWallTimes = (text: string) => text.replace(/\(wall \d+\.\d\ds\)/g, "(wall)");
/** A report's runs: each from its first line ("Title (… network)... [seed N]") to the next run's, wall times left out. */
function runBlocks(stdout: string): string[] {
  const blocks: string[] = [];
  for (const line of withoutWallTimes(stdout).split("\n")) {
    if (/\.\.\.( \[seed \d+\])?$/.test(line)) blocks.push(line);
    else if (blocks.length > 0 && line !== "" && !/^\d+ passed/.test(line)) blocks[blocks.length - 1] += `\n${line}`;
  }
  return blocks;
}

describe("kvlab test --workers", () => {
  it("prints the same report as in-process, in the same order", () => {
    expect(runs["workers"]!.status).toBe(0);
    expect(withoutWallTimes(runs["workers"]!.stdout)).toBe(withoutWallTimes(runs["inProcess"]!.stdout));
    expect(runs["workers"]!.stdout.trim().split("\n").at(-1)).toBe("9 passed, 0 failed");
  });

  it("the watchdog stops a run that never yields, fails it with its rerun command, and the sweep goes on", () => {
    const { status, stdout } = runs["busyLoop"]!;
    expect(stdout).toContain(
      "One client and reliable Put (reliable network)...\nFatal: no sign of life for 1s of wall time: the run never yielded (a synchronous loop in user code?), so its worker was stopped\n",
    );
    expect(stdout).toContain(`rerun: npx kvlab test --impl ${busyLoop} --test TestReliablePut --seed 1\n`);
    expect(stdout).toMatch(/One client \(unreliable network\)\.\.\.\n {2}\.\.\. Passed/);
    expect(stdout.trim().split("\n").at(-1)).toBe("1 passed, 1 failed");
    expect(status).toBe(1);
  });
});

describe("kvlab test --shard", () => {
  it("two shards run every run of the sweep once, each with the same outcome as the whole sweep", () => {
    const whole = runBlocks(runs["inProcess"]!.stdout);
    const shards = [runBlocks(runs["shard1"]!.stdout), runBlocks(runs["shard2"]!.stdout)];
    expect(whole).toHaveLength(9);
    expect(shards.map((shard) => shard.length)).toEqual([5, 4]);
    expect([...shards[0]!, ...shards[1]!].sort()).toEqual([...whole].sort());
    expect(runs["shard2"]!.stdout).toMatch(/^shard 2\/2: 4 of the sweep's 9 runs$/m);
  });

  it("a failure found in a shard prints its rerun command, with the options that change its outcome", () => {
    const { status, stdout } = runs["failingInShard"]!;
    expect(stdout).toMatch(/^shard 2\/2: 2 of the sweep's 4 runs$/m);
    expect(stdout).not.toMatch(/\[seed 1\]/);
    expect(stdout).toContain(`rerun: npx kvlab test --impl ${buggy} --test TestUnreliableNet --seed 2 --budget 100000\n`);
    expect(status).toBe(1);
  });
});

describe("kvlab test --check-determinism", () => {
  it("passes the reference implementation", () => {
    const { status, stdout } = runs["deterministic"]!;
    expect(stdout).toContain("determinism: 3 runs each ran twice; 0 differed\n3 passed, 0 failed");
    expect(status).toBe(0);
  });

  it("names the first event at which two runs of one seed part, and the command that checks it again", () => {
    const { status, stdout } = runs["nondeterministic"]!;
    expect(stdout).toMatch(/One client and reliable Put \(reliable network\)\.\.\.\n {2}\.\.\. Passed/);
    expect(stdout).toMatch(
      /Fatal: two runs of seed 1 differ: trace [0-9a-f]{16}, then [0-9a-f]{16}\ntraces diverge at event \d+:\n {2}expected: [\d.]+ms timer clerk-1 100ms\n {2}actual: {3}[\d.]+ms timer clerk-1 10[1-9]ms\n/,
    );
    expect(stdout).toContain(`rerun: npx kvlab test --impl ${backoffCounter} --test TestUnreliableNet --seed 1 --check-determinism\n`);
    expect(stdout).toContain("determinism: 2 runs each ran twice; 1 differed\n1 passed, 1 failed");
    expect(status).toBe(1);
  });

  it("reports Math.random's call site once a sweep, though the runs stay deterministic", () => {
    const { status, stdout } = runs["mathRandom"]!;
    const warning = /^ {2}warning: Math\.random called at tests\/labs\/kv\/fixtures\/math-random-clerk\.ts:\d+:\d+: the run gave it a seeded stand-in, but use env\.random\(\)$/gm;
    expect(stdout.match(warning)).toHaveLength(1);
    expect(stdout).toContain("determinism: 2 runs each ran twice; 0 differed\n2 passed, 0 failed");
    expect(status).toBe(0);
  });
});

describe("kvlab test sweep options", () => {
  it("print no progress bar when stderr is not a terminal", () => {
    for (const name of ["inProcess", "workers", "shard1", "shard2"]) expect(runs[name]!.stderr).toBe("");
  });

  it.each([
    ["badShard", "--shard must be I/N with 1 ≤ I ≤ N (e.g. 2/4) or auto, got 3/2"],
    ["badWorkers", "--workers must be a whole number ≥ 1, got 0"],
  ])("%s: one line on stderr and exit 3", (name, message) => {
    expect(runs[name]!.stderr).toBe(`kvlab: ${message}\n`);
    expect(runs[name]!.status).toBe(3);
  });

  // The built CLI starts its workers from dist/: `npm test` builds it first, so it is always there.
  it("work from the built CLI, which loads a .ts implementation in each worker", () => {
    const run = spawnSync(process.execPath, ["bin/kvlab.js", "test", "--impl", buggy, "--test", "TestReliablePut", "TestUnreliableNet", "--workers", "2", "--json", "--pages", join(pages, "built")], {
      cwd: repo,
      encoding: "utf8",
    });
    expect((JSON.parse(run.stdout) as JsonReport[]).map((r) => [r.test, r.verdict, r.message])).toEqual([
      ["TestReliablePut", "pass", undefined],
      ["TestUnreliableNet", "fail", "clerk-1: Put(\"k\", \"0\", 11) returned ErrVersion after 2 sends; a resent put that meets ErrVersion must return ErrMaybe (an earlier try may have applied)"],
    ]);
  });
});
