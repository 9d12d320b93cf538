// kvlab test --lab kvraft, built: the replicated KV lab through every option the other labs' runs
// take, with the Raft under the KV layer as a module of its own (--raft), carried by every rerun
// line, every worker, every --json report and kvlab merge.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliRun, builtKvlab } from "../../support/run-cli.js";

const skeleton = "examples/kvraft/my-kvraft.ts";
const raftSkeleton = "examples/raft/my-raft.ts";
const fatal = "Fatal: oneInc: Inc was not committed within 10 seconds (runtime error: invalid memory address or nil pointer dereference)\n";
const dir = mkdtempSync(join(tmpdir(), "kvlab-kvraft-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const kvlab = (...args: string[]) => builtKvlab([], args);
const sweep = ["test", "--lab", "kvraft", "--impl", skeleton, "--raft", raftSkeleton, "--test", "TestBasic4A", "--seeds", "3"];

// The runs are independent, so they start together and the tests read their results.
const runs: Record<string, CliRun> = {};
beforeAll(async () => {
  const plan: Record<string, string[]> = {
    passing: ["test", "--lab", "kvraft", "--test", "TestBasic4A", "--seed", "1"],
    raftSkeleton: ["test", "--lab", "kvraft", "--raft", raftSkeleton, "--test", "TestBasic4A"],
    workers: [...sweep, "--workers", "2", "--check-determinism", "--json"],
    shard1: [...sweep, "--shard", "1/2", "--json"],
    shard2: [...sweep, "--shard", "2/2", "--json"],
    list: ["test", "--lab", "kvraft", "--list"],
    badRaft: ["test", "--lab", "kvraft", "--raft", "examples/kv/my-kv.ts", "--test", "TestBasic4A"],
    missingRaft: ["test", "--lab", "kvraft", "--raft", "nowhere/my-raft.ts"],
    raftAsImpl: ["test", "--lab", "kvraft", "--impl", raftSkeleton],
    raftOnKv: ["test", "--raft", raftSkeleton, "--test", "TestReliablePut"],
    raftTwice: ["test", "--lab", "kvraft", "--raft", raftSkeleton, "--raft", "my-raft.ts"],
  };
  const results = await Promise.all(Object.values(plan).map((args) => kvlab(...args)));
  Object.keys(plan).forEach((name, i) => (runs[name] = results[i]!));
}, 180_000);

interface JsonReport {
  test: string;
  seed: number;
  verdict: string;
  message?: string;
  divergence?: string;
  lab: string;
  impl?: string;
  parts?: Record<string, string>;
  checkDeterminism?: boolean;
  sweepIndex: number;
}

describe("kvlab test --lab kvraft", () => {
  it("runs the course's first rsm test on the reference KV layer over the reference Raft: the Passed line, exit 0", () => {
    const { status, stdout, stderr } = runs["passing"]!;
    expect(stderr).toBe("");
    expect(stdout).toMatch(/^Test RSM basic \(reliable network\)\.\.\.\n {2}\.\.\. Passed -- {2}time +[\d.]+s #peers 3 #RPCs +\d+ #Ops +10 +\(wall [\d.]+s\)\n/);
    expect(stdout.trim().split("\n").at(-1)).toBe("1 passed, 0 failed");
    expect(status).toBe(0);
  });

  it("over the Raft lab's skeleton (--raft) fails as the course's tester does, and its rerun line carries --lab kvraft --raft, exit 1", () => {
    const { status, stdout } = runs["raftSkeleton"]!;
    expect(stdout).toContain(`Test RSM basic (reliable network)...\n${fatal}`);
    expect(stdout).toMatch(/\.\.\. FAILED at 10\.0s \(seed 1, trace [0-9a-f]{16}\)/);
    expect(stdout).toContain(`rerun: npx kvlab test --lab kvraft --raft ${raftSkeleton} --test TestBasic4A --seed 1\n`);
    expect(stdout.trim().split("\n").at(-1)).toBe("0 passed, 1 failed");
    expect(status).toBe(1);
  });

  it("workers load --impl and --raft themselves: every run fails as here, twice alike, and each report names the lab and both modules", () => {
    const { status, stdout } = runs["workers"]!;
    const reports = JSON.parse(stdout) as JsonReport[];
    expect(reports.map(({ seed, verdict, message }) => [seed, verdict, message])).toEqual([1, 2, 3].map((seed) => [seed, "fail", fatal.slice("Fatal: ".length, -1)]));
    for (const [i, report] of reports.entries()) {
      expect(report).toMatchObject({ lab: "kvraft", impl: skeleton, parts: { raft: raftSkeleton }, checkDeterminism: true, sweepIndex: i });
      expect(report.divergence).toBeUndefined();
    }
    expect(status).toBe(1);
  });

  it("kvlab merge of two shards prints what one run would, each failure with its rerun line carrying --raft", async () => {
    const files = ["shard1", "shard2"].map((name) => {
      expect(runs[name]!.status).toBe(1);
      const file = join(dir, `${name}.json`);
      writeFileSync(file, runs[name]!.stdout);
      return file;
    });
    const merged = await kvlab("merge", ...files);
    for (const seed of [1, 2, 3]) expect(merged.stdout).toContain(`rerun: npx kvlab test --lab kvraft --impl ${skeleton} --raft ${raftSkeleton} --test TestBasic4A --seed ${seed}\n`);
    expect(merged.stdout.trim().split("\n").at(-1)).toBe("0 passed, 3 failed");
    expect(merged.status).toBe(1);
  });

  it("--list names every test of the three parts, by suite", () => {
    const lines = runs["list"]!.stdout.trim().split("\n");
    expect(lines[0]).toBe("4A     TestBasic4A");
    expect([...new Set(lines.map((line) => line.split(/\s+/)[0]))]).toEqual(["4A", "4B", "4C"]);
  });

  it.each([
    ["badRaft", /^kvlab test: --raft examples\/kv\/my-kv\.ts: the default export lacks make \(it looks like a KV lab implementation: --lab kv takes it\)\n$/],
    ["missingRaft", /^kvlab test: --raft nowhere\/my-raft\.ts: no such file\n$/],
    ["raftAsImpl", /^kvlab test: examples\/raft\/my-raft\.ts: the default export lacks makeRsm, startKVServer, makeClerk \(it looks like a Raft: give that module as --raft, and your KV layer as --impl\)\n$/],
    ["raftOnKv", /^kvlab: --raft is for the kvraft lab, not the kv lab\n$/],
    ["raftTwice", /^kvlab: --raft was given 2 times \(".*my-raft\.ts", "my-raft\.ts"\): give it once\n$/],
  ])("%s: one line naming the module or the flag, on stderr, exit 3", (name, message) => {
    expect(runs[name]!.stderr).toMatch(message);
    expect(runs[name]!.stdout).toBe("");
    expect(runs[name]!.status).toBe(3);
  });
});
