import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type CliRun, kvlab as runKvlab } from "../../support/run-cli.js";
import { tempDirForFile } from "../../support/temp-dir.js";

const good = (name: string) => join("tests", "check", "fixtures", "good", name);
const bad = (name: string) => join("tests", "check", "fixtures", "bad", name);

/** Runs `kvlab check ARGS…` from source, without colour. */
const kvlab = (...args: string[]) => runKvlab("check", ...args);

// The runs are independent, so they start together and the tests read their results.
const runs: Record<string, CliRun> = {};
beforeAll(async () => {
  // Twelve concurrent writes and a read of 99, which only a write called after the read returned
  // writes: illegal, but only after every order (what reads show of the writes cannot tell: a write
  // of 99 is left).
  const hard = join(tempDirForFile(), "twelve-writes.jsonl");
  const writes = Array.from({ length: 12 }, (_, i) => JSON.stringify({ client: i, call: 0, return: 9, input: { op: "write", value: i }, output: {} }));
  const read = JSON.stringify({ client: 12, call: 0, return: 9, input: { op: "read" }, output: { value: 99 } });
  const late = JSON.stringify({ client: 13, call: 20, return: 21, input: { op: "write", value: 99 }, output: {} });
  writeFileSync(hard, [JSON.stringify({ kvlab: "history", version: 1, model: "register" }), ...writes, read, late].join("\n"));
  const plan: Record<string, string[]> = {
    memory: [hard, "--memory", "1"],
    htmlFails: [good("kv-concurrent.jsonl"), "--html", "/dev/null/page.html"],
    htmlFailsJson: [good("kv-concurrent.jsonl"), "--json", "--html", "/dev/null/page.html"],
    enoughMemory: [hard, "--memory", "64"],
    badMemory: [hard, "--memory", "0.5"],
    hugeMemory: [hard, "--memory", "100000000"],
    illegal: [good("kv-stale-read.jsonl")],
    ok: [good("kv-concurrent.jsonl")],
    several: [good("kv-concurrent.jsonl"), good("kv-stale-read.jsonl"), bad("porcupine-wrong-key.txt"), "no-such-file.jsonl"],
    json: [good("kv-concurrent.jsonl"), good("kv-stale-read.jsonl"), "--json", "--budget", "1000"],
    unknown: [good("kv-concurrent.jsonl"), "--budget", "2"],
    wrongModel: [good("kv-concurrent.jsonl"), "--model", "register"],
    strict: [good("kv-concurrent.jsonl"), "--model", "kv-strict", "--json"],
    badBudget: [good("kv-concurrent.jsonl"), "--budget", "-1"],
    infiniteTimeout: [good("kv-concurrent.jsonl"), "--timeout", "1e309"],
  };
  const results = await Promise.all(Object.values(plan).map((args) => kvlab(...args)));
  Object.keys(plan).forEach((name, i) => (runs[name] = results[i]!));
});

describe("kvlab check", () => {
  it("explains a violation and exits 1", () => {
    const { status, stdout } = runs.illegal!;
    expect(status).toBe(1);
    const lines = stdout.split("\n");
    expect(lines[0]).toBe(`${good("kv-stale-read.jsonl")}: illegal (key "x"; 5 operations, 2 partitions, 7 steps)`);
    expect(stdout).toContain('State then: "b" (version 2)');
    expect(stdout).toContain('line 5 (client 2, [22, 25]) get("x") -> ("a", 1, OK): the model does not allow this result in that state');
  });

  it("says ok and exits 0", () => {
    expect(runs.ok!.status).toBe(0);
    expect(runs.ok!.stdout).toMatch(/^tests.check.fixtures.good.kv-concurrent\.jsonl: ok \(6 operations, 1 partition, \d+ steps\)\n$/);
  });

  it("with several files: one line each, and the worst status (bad input)", () => {
    const { status, stdout, stderr } = runs.several!;
    expect(status).toBe(3);
    expect(stdout.trim().split("\n").map((l) => l.split(": ")[1]!.split(" ")[0])).toEqual(["ok", "illegal"]);
    expect(stderr).toBe(
      `kvlab: ${bad("porcupine-wrong-key.txt")}:2: expected :f :append and :key "0" as invoked by process 0\n` +
        "kvlab: no-such-file.jsonl: cannot read it (ENOENT)\n",
    );
  });

  it("--json prints an array with each file's verdict and details", () => {
    const { status, stdout } = runs.json!;
    expect(status).toBe(1);
    const results = JSON.parse(stdout) as {
      file: string;
      verdict: string;
      partitions: { linearization?: number[]; deadEnds?: { stateText: string }[] }[];
      illegalPartition?: string;
      history: { line: number; text: string }[];
    }[];
    expect(results.map((r) => [r.file, r.verdict])).toEqual([
      [good("kv-concurrent.jsonl"), "ok"],
      [good("kv-stale-read.jsonl"), "illegal"],
    ]);
    expect(results[0]!.partitions[0]!.linearization).toHaveLength(6);
    expect(results[1]!.illegalPartition).toBe("x");
    expect(results[1]!.partitions[0]!.deadEnds![0]!.stateText).toBe('"b" (version 2)');
    expect(results[1]!.history[4]).toMatchObject({ line: 6, text: 'put("y", "c", 0) -> OK' });
  });

  it("a budget too small gives unknown and exits 2", () => {
    expect(runs.unknown!.status).toBe(2);
    expect(runs.unknown!.stdout).toContain(": unknown (steps ran out;");
    expect(runs.unknown!.stdout).toContain("Give the check a larger --budget");
  });

  it("--memory caps the search's memo: unknown when it fills, advising more memory and not more steps", () => {
    expect(runs.memory!.status).toBe(2);
    expect(runs.memory!.stdout).toContain(": unknown (memory ran out;");
    expect(runs.memory!.stdout).toContain("Give the check more memory with --memory (MiB of memo); a larger --budget cannot help");
    expect(runs.enoughMemory!.status).toBe(1);
    expect(runs.enoughMemory!.stdout).toContain(": illegal (");
  });

  it("--memory takes a whole number of MiB that the process can hold", () => {
    expect(runs.badMemory!.status).toBe(3);
    expect(runs.badMemory!.stderr).toBe("kvlab: --memory takes a whole number of MiB > 0\n");
    expect(runs.hugeMemory!.status).toBe(3);
    expect(runs.hugeMemory!.stderr).toMatch(/^kvlab: --memory 100000000 is more than this Node process's heap of \d+ MiB: raise it with NODE_OPTIONS=--max-old-space-size=200000000\n$/);
  });

  it("a page --html cannot write ends the run as bad usage, with no verdict printed that exit 3 would contradict", () => {
    for (const run of [runs.htmlFails!, runs.htmlFailsJson!]) {
      expect(run.status).toBe(3);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(/^kvlab: cannot write --html \/dev\/null\/page\.html \(E[A-Z]+( at \S+)?\)\n$/);
    }
  });

  it("--model picks another model that reads the same operations", () => {
    expect(runs.strict!.status).toBe(0);
    expect(JSON.parse(runs.strict!.stdout)[0]).toMatchObject({ verdict: "ok", model: "kv-strict", format: "kvlab" });
  });

  it("a model that does not fit the file, or a bad option, is a usage error (exit 3)", () => {
    expect(runs.wrongModel!.status).toBe(3);
    expect(runs.wrongModel!.stderr).toContain("expected operations for model register, but this kvlab history is written for kv");
    expect(runs.badBudget!.status).toBe(3);
    expect(runs.badBudget!.stderr).toContain("--budget takes a whole number of steps");
    // It was taken as no timeout, and the file checked.
    expect([runs.infiniteTimeout!.status, runs.infiniteTimeout!.stderr]).toEqual([3, "kvlab: --timeout takes a number of seconds > 0\n"]);
  });
});
