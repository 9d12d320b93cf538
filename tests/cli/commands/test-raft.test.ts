// kvlab test --lab raft: the Raft lab through every option the KV lab's runs take.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { raftLab } from "../../../src/labs/raft/index.js";
import { type CliRun, kvlab } from "../../support/run-cli.js";

const skeleton = "examples/raft/my-raft.ts";
const pages = mkdtempSync(join(tmpdir(), "kvlab-raft-pages-"));
afterAll(() => rmSync(pages, { recursive: true, force: true }));

// The runs are independent, so they start together and the tests read their results.
const runs: Record<string, CliRun> = {};
beforeAll(async () => {
  const plan: Record<string, string[]> = {
    passing: ["test", "--lab", "raft", "--test", "TestInitialElection3A", "--seed", "1"],
    skeleton: ["test", "--lab", "raft", "--impl", skeleton, "--test", "TestInitialElection3A", "--pages", pages],
    sweep: ["test", "--lab", "raft", "--test", "TestInitialElection3A", "--seeds", "3", "--workers", "2", "--shard", "1/1", "--check-determinism", "--json"],
    list: ["test", "--lab", "raft", "--list"],
    kvModule: ["test", "--lab", "raft", "--impl", "examples/kv/my-kv.ts"],
    kvSuite: ["test", "--lab", "raft", "--suite", "kvsrv"],
    target: ["test", "--lab", "raft", "--target", "127.0.0.1:4000"],
    realTimer: ["test", "--lab", "raft", "--impl", "tests/cli/commands/fixtures/raft-real-timer.ts", "--test", "TestInitialElection3A", "--explain", "0"],
    stray: ["test", "--lab", "raft", "--impl", "tests/cli/commands/fixtures/raft-stray-rejection.ts", "--test", "TestBasicAgree3B", "TestFailAgree3B", "--explain", "0"],
    strayOnWorkers: ["test", "--lab", "raft", "--impl", "tests/cli/commands/fixtures/raft-stray-rejection.ts", "--test", "TestBasicAgree3B", "TestFailAgree3B", "--workers", "2", "--explain", "0"],
  };
  const results = await Promise.all(Object.values(plan).map((args) => kvlab(...args)));
  Object.keys(plan).forEach((name, i) => (runs[name] = results[i]!));
}, 120_000);

describe("kvlab test --lab raft", () => {
  it("ends with the verdict's status even when the implementation leaves a real timer running for ever", () => {
    const { status, stdout } = runs["realTimer"]!;
    expect(stdout).toContain("Fatal: expected one leader, got none");
    expect(stdout.trim().split("\n").at(-1)).toBe("0 passed, 1 failed");
    expect(status).toBe(1);
  });

  it("fails the run whose fire-and-forget async function threw, with its test, seed and rerun line, and goes on with the rest, in the process or on workers", () => {
    for (const run of [runs["stray"]!, runs["strayOnWorkers"]!]) {
      const { status, stdout, stderr } = run;
      expect(stderr).toBe("");
      expect(stdout).toMatch(/Fatal: a promise nobody awaited threw at [\d.]+ms: TypeError: Cannot read properties of undefined \(reading 'term'\) \(at \S*raft-stray-rejection\.ts:\d+:\d+\)/);
      for (const test of ["TestBasicAgree3B", "TestFailAgree3B"]) {
        expect(stdout).toContain(`rerun: npx kvlab test --lab raft --impl tests/cli/commands/fixtures/raft-stray-rejection.ts --test ${test} --seed 1`);
      }
      expect(stdout.trim().split("\n").at(-1)).toBe("0 passed, 2 failed");
      expect(status).toBe(1);
    }
  });

  it("runs a test of the course's on the reference Raft: its title, the Passed line, exit 0", () => {
    const { status, stdout, stderr } = runs["passing"]!;
    expect(stderr).toBe("");
    expect(stdout).toMatch(/^Test \(3A\): initial election \(reliable network\)\.\.\.\n {2}\.\.\. Passed -- {2}time +[\d.]+s #peers 3 #RPCs +\d+ #Ops +\d+ +\(wall [\d.]+s\)\n/);
    expect(stdout.trim().split("\n").at(-1)).toBe("1 passed, 0 failed");
    expect(status).toBe(0);
  });

  it("on the skeleton kvlab init writes: the course's Fatal text and the command that reruns it with --lab raft --impl, exit 1", () => {
    const { status, stdout } = runs["skeleton"]!;
    expect(stdout).toContain("Test (3A): initial election (reliable network)...\nFatal: expected one leader, got none\n");
    expect(stdout).toMatch(/\.\.\. FAILED at [\d.]+s \(seed 1, trace [0-9a-f]{16}\)/);
    expect(stdout).toContain(`rerun: npx kvlab test --lab raft --impl ${skeleton} --test TestInitialElection3A --seed 1\n`);
    // Without the lab's explanations there is no heading over nothing.
    if (raftLab.explain === undefined) expect(stdout).not.toContain("Why TestInitialElection3A failed");
    expect(stdout.trim().split("\n").at(-1)).toBe("0 passed, 1 failed");
    expect(status).toBe(1);
  });

  it("sweeps seeds on workers, in a shard, twice each, as JSON: every run passes, is deterministic and names its lab", () => {
    const { status, stdout } = runs["sweep"]!;
    const reports = JSON.parse(stdout) as { test: string; seed: number; verdict: string; traceHash: string; divergence?: string; lab: string; checkDeterminism?: boolean; sweepIndex: number }[];
    expect(reports.map(({ test, seed, verdict }) => [test, seed, verdict])).toEqual([
      ["TestInitialElection3A", 1, "pass"],
      ["TestInitialElection3A", 2, "pass"],
      ["TestInitialElection3A", 3, "pass"],
    ]);
    for (const report of reports) {
      expect(report).toMatchObject({ lab: "raft", checkDeterminism: true });
      expect(report.divergence).toBeUndefined();
    }
    expect(new Set(reports.map((report) => report.traceHash)).size, "each seed its own schedule").toBe(3);
    expect(status).toBe(0);
  });

  it("--list names every test of the four parts, by suite", () => {
    const lines = runs["list"]!.stdout.trim().split("\n");
    expect(lines[0]).toBe("3A     TestInitialElection3A");
    const suites = lines.map((line) => line.split(/\s+/)[0]);
    expect([...new Set(suites)]).toEqual(["3A", "3B", "3C", "3D"]);
    expect(lines.length).toBe(Object.values(raftLab.suites).flat().length);
  });

  it.each([
    ["kvModule", /^kvlab test: examples\/kv\/my-kv\.ts: the default export lacks make \(it looks like a KV lab implementation: --lab kv takes it\)\n$/],
    ["kvSuite", /^kvlab: --suite kvsrv is not a suite of the raft lab; its suites are 3A, 3B, 3C, 3D\n$/],
    ["target", /^kvlab test: --target: the lab "raft" \(the Raft lab\) has no real server to run against\n$/],
  ])("%s: one clear line on stderr and exit 3", (name, message) => {
    expect(runs[name]!.stderr).toMatch(message);
    expect(runs[name]!.status).toBe(3);
  });
});
