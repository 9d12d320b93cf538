import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliRun, kvlab } from "../../support/run-cli.js";

const buggy = "examples/kv/buggy/clerk-never-errmaybe.ts";
const pages = mkdtempSync(join(tmpdir(), "kvlab-pages-"));
afterAll(() => rmSync(pages, { recursive: true, force: true }));

// The runs are independent, so they start together and the tests read their results.
const runs: Record<string, CliRun> = {};
beforeAll(async () => {
  const plan: Record<string, string[]> = {
    passing: ["test", "--suite", "kvsrv", "--test", "TestReliablePut", "TestUnreliableNet", "--seeds", "2"],
    failing: ["test", "--impl", buggy, "--suite", "kvsrv", "--test", "TestUnreliableNet", "--pages", pages],
    json: ["test", "--impl", buggy, "--test", "TestReliablePut", "TestUnreliableNet", "--json", "--pages", join(pages, "json")],
    missingFile: ["test", "--impl", "no/such/module.ts"],
    notAnImplementation: ["test", "--impl", "tests/labs/kv/fixtures/not-an-implementation.ts"],
    unknownTest: ["test", "--test", "TestUnreliable"],
    badSeeds: ["test", "--seeds", "0"],
    badExplain: ["test", "--explain", "-1"],
    badSuite: ["test", "--suite", "raft"],
    tinyBudget: ["test", "--test", "TestPutConcurrentReliable", "--budget", "10"],
  };
  const results = await Promise.all(Object.values(plan).map((args) => kvlab(...args)));
  Object.keys(plan).forEach((name, i) => (runs[name] = results[i]!));
}, 120_000);

describe("kvlab test", () => {
  it("prints the lab's lines for passing tests and exits 0", () => {
    const { status, stdout } = runs["passing"]!;
    expect(stdout).toMatch(/^One client and reliable Put \(reliable network\)\.\.\. \[seed 1\]$/m);
    expect(stdout).toMatch(/^ {2}\.\.\. Passed -- {2}time {2}0\.0s #peers 1 #RPCs {5}5 #Ops {4}0 {2}\(wall \d+\.\d\ds\)$/m);
    expect(stdout).toMatch(/^One client \(unreliable network\)\.\.\. \[seed 2\]$/m);
    expect(stdout.trim().split("\n").at(-1)).toBe("4 passed, 0 failed");
    expect(status).toBe(0);
  });

  it("prints a failure's Fatal text, its seed and the one command that reruns it, and exits 1", () => {
    const { status, stdout } = runs["failing"]!;
    expect(stdout).toContain("Fatal: clerk-1: Put(\"k\", \"0\", 11) returned ErrVersion after 2 sends; a resent put");
    expect(stdout).toMatch(/\.\.\. FAILED at [\d.]+s \(seed 1, trace [0-9a-f]{16}\)/);
    expect(stdout).toContain(`rerun: npx kvlab test --impl ${buggy} --test TestUnreliableNet --seed 1`);
    expect(stdout.trim().split("\n").at(-1)).toBe("0 passed, 1 failed");
    expect(status).toBe(1);
  });

  it("explains the failure in words and writes the run's page", () => {
    const { stdout } = runs["failing"]!;
    expect(stdout).toContain("Why TestUnreliableNet failed (seed 1):\nCause:\n  - Put(\"k\", \"0\", ");
    expect(stdout).toContain("the clerk returned ErrVersion — after a resend it must return ErrMaybe");
    const page = join(pages, "TestUnreliableNet-seed1.html");
    expect(stdout).toContain(`  page: ${page}\n`);
    const html = readFileSync(page, "utf8");
    expect(html).toMatch(/^<!doctype html>/i);
    // The run's messages, with the lost ones marked, and the calls the diagnosis blames.
    expect(html).toMatch(/class="msg delivered"/);
    expect(html).toMatch(/class="msg reply-dropped dropped"/);
    expect(html).toMatch(/class="op unplaced"/);
  });

  it("--json prints one entry per run with the fields machines need", () => {
    const { status, stdout } = runs["json"]!;
    const reports = JSON.parse(stdout) as Record<string, unknown>[];
    expect(reports.map((r) => [r["test"], r["verdict"]])).toEqual([
      ["TestReliablePut", "pass"],
      ["TestUnreliableNet", "fail"],
    ]);
    for (const report of reports) {
      expect(Object.keys(report)).toEqual(expect.arrayContaining(["suite", "test", "seed", "verdict", "virtualMs", "wallMs", "rpcs", "ops", "traceHash"]));
      expect(report["traceHash"]).toMatch(/^[0-9a-f]{16}$/);
    }
    expect(reports[1]!["message"]).toBe("clerk-1: Put(\"k\", \"0\", 11) returned ErrVersion after 2 sends; a resent put that meets ErrVersion must return ErrMaybe (an earlier try may have applied)");
    expect(reports[1]!["page"]).toBe(join(pages, "json", "TestUnreliableNet-seed1.html"));
    expect(status).toBe(1);
  });

  it("the rerun command reproduces the failing run exactly (same trace hash)", async () => {
    const original = (JSON.parse(runs["json"]!.stdout) as { traceHash: string }[])[1]!;
    const rerun = await kvlab("test", "--impl", buggy, "--test", "TestUnreliableNet", "--seed", "1", "--json", "--pages", join(pages, "rerun"));
    expect((JSON.parse(rerun.stdout) as { traceHash: string }[])[0]!.traceHash).toBe(original.traceHash);
  });

  it("a check that runs out of budget passes with the lab's info line, and the runs are counted", () => {
    const { status, stdout } = runs["tinyBudget"]!;
    expect(stdout).toContain("info: linearizability check timed out, assuming history is ok\n  ... Passed");
    expect(stdout).toContain("1 passing run had a linearizability check that ran out of budget (verdict unknown)\n1 passed, 0 failed");
    expect(status).toBe(0);
  });

  it.each([
    ["missingFile", /^kvlab test: no\/such\/module\.ts: no such file\n$/],
    ["notAnImplementation", /^kvlab test: tests\/labs\/kv\/fixtures\/not-an-implementation\.ts: the default export lacks createClerk, createLock \(present but not a function\)\n$/],
    ["unknownTest", /^kvlab test: no test named "TestUnreliable" in suite all; did you mean TestUnreliableNet\?\n$/],
    ["badSeeds", /^kvlab: --seeds must be a whole number ≥ 1, got 0\n$/],
    // It ran every test and explained nothing, as --explain 0 does.
    ["badExplain", /^kvlab: --explain must be a whole number ≥ 0, got -1\n$/],
    ["badSuite", /^kvlab: Invalid values:\n {2}Argument: suite, Given: "raft", Choices: "kvsrv", "lock", "rust", "3A", "3B", "3C", "3D", "4A", "4B", "4C", "all"\n$/],
  ])("%s: one clear line on stderr and exit 3", (name, message) => {
    expect(runs[name]!.stderr).toMatch(message);
    expect(runs[name]!.status).toBe(3);
  });
});
