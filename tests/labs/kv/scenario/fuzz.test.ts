import fc from "fast-check";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectationProblems, fuzz, loadImplementation, readScenario, reference, runScenario, runScenarioFile, scenarioArbitrary, writeCounterexample } from "../../../../src/index.js";
import type { Counterexample } from "../../../../src/index.js";
import { kvlab, repo } from "../../../support/run-cli.js";
import { tempDir } from "../../../support/temp-dir.js";

/**
 * Examples only the suites' memory tests catch. Three keep their state where the fuzzer's walk of
 * the server object does not reach (a closure, a private field, a module-level table, which also
 * outlives a run, so what it breaks in one run does not replay): the heap catches them. The last
 * keeps a number a put, which over a scenario's few puts stays within the per-key allowance of the
 * fuzzer's memory check, while 20,000 puts go well past the walk's bound of 1 byte a client.
 */
const suitesOnly = new Set(["server-keeps-old-values-in-closure.ts", "server-history-private-field.ts", "server-dedup-table-in-closure.ts", "server-logs-versions.ts"]);
const buggy = readdirSync(join(repo, "examples/kv/buggy")).filter((file) => file.endsWith(".ts") && !suitesOnly.has(file));

/** Clients, operations and faults of a counterexample: what a person has to read. */
function size({ scenario }: Counterexample) {
  const workload = scenario.workload;
  return {
    clients: workload.kind === "ops" ? workload.clients.length : workload.kind === "lock-loop" ? workload.clients : 0,
    ops: workload.kind === "ops" ? workload.clients.flat().length : 0,
    faults: Object.keys(scenario.messages).length + scenario.faults.filter((fault) => fault.action === "partition").length,
  };
}

describe("kvlab fuzz finds, shrinks and replays every buggy example", () => {
  it.each(buggy)("%s", async (file) => {
    const path = join(repo, "examples/kv/buggy", file);
    const found = (await fuzz(await loadImplementation(path), { runs: 1000, seed: 1 })).counterexample;
    expect(found, "no failure found in 1,000 runs").toBeDefined();
    const { clients, ops, faults } = size(found!);
    expect(clients).toBeLessThanOrEqual(3);
    expect(ops).toBeLessThanOrEqual(8);
    expect(faults).toBeLessThanOrEqual(6);

    const dir = tempDir("kvlab-fuzz-");
    const files = writeCounterexample(dir, "found", found!, path);
    const replayed = await runScenarioFile(files.scenario, { trace: true });
    expect(replayed.message).toBe(found!.report.message);
    expect(replayed.traceHash).toBe(found!.report.traceHash);
    expect(expectationProblems(readScenario(files.scenario).scenario, replayed)).toEqual([]);
    expect(readFileSync(files.test, "utf8")).toContain('const report = await runScenarioFile(fileURLToPath(new URL("./found.json", import.meta.url)));');
    expect(readFileSync(files.test, "utf8")).toContain("`npx kvlab replay found.json` (from this folder) shows the failing run");
  });
});

describe("kvlab fuzz on correct code", () => {
  it.each([1, 2, 3])("finds nothing in the reference (seed %i, 1,000 scenarios)", async (seed) => {
    expect((await fuzz(reference, { runs: 1000, seed })).counterexample?.report.message).toBeUndefined();
  });

  it("finds nothing in the correct example either", async () => {
    const impl = await loadImplementation(join(repo, "examples/kv/my-kv.ts"));
    expect((await fuzz(impl, { runs: 1000, seed: 4 })).counterexample?.report.message).toBeUndefined();
  });

  it("is deterministic: the same seed finds the same counterexample", async () => {
    const impl = await loadImplementation(join(repo, "examples/kv/buggy/server-check-then-await.ts"));
    const first = (await fuzz(impl, { runs: 1000, seed: 7 })).counterexample!;
    const second = (await fuzz(impl, { runs: 1000, seed: 7 })).counterexample!;
    expect(second.scenario).toEqual(first.scenario);
    expect(second.report.traceHash).toBe(first.report.traceHash);
  });

  it("works from a user's own property test through the exported arbitrary", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary({ maxClients: 2, locks: true }), async (scenario) => (await runScenario(scenario, "mine", reference)).verdict === "pass"),
      { numRuns: 100, seed: 42 },
    );
  });
});

describe("the kvlab fuzz command", () => {
  it("writes the shrunk scenario, its trace and a regression test, prints the replay command, and exits 1", async () => {
    const out = tempDir("kvlab-fuzz-cli-");
    const run = await kvlab("fuzz", "--impl", "examples/kv/buggy/server-ignores-version.ts", "--out", out);
    expect(run.stdout).toMatch(/^failure at scenario \d+ \(seed 1\), shrunk in \d+ steps to \d client\(s\), \d operation\(s\), \d fault\(s\):$/m);
    expect(run.stdout).toContain(`replay:     npx kvlab replay ${join(out, "server-ignores-version-seed1.json")}`);
    expect(readdirSync(out).sort()).toEqual(["server-ignores-version-seed1.html", "server-ignores-version-seed1.json", "server-ignores-version-seed1.test.ts", "server-ignores-version-seed1.trace"]);
    expect(run.stdout).toContain(`page:       ${join(out, "server-ignores-version-seed1.html")}`);
    expect(run.stdout).toContain("the server applied Put(");
    expect(run.status).toBe(1);
    // The counterexample is a regression scenario: replayed on the same buggy code, it still fails.
    const replay = await kvlab("replay", join(out, "server-ignores-version-seed1.json"), "--pages", join(out, "runs"));
    expect(replay.stdout).toMatch(/^still failing, as recorded: .+, trace [0-9a-f]{16}$/m);
    expect(replay.status).toBe(1);
  });

  it("says so and exits 0 when it finds nothing; refuses bad flags with one line and exit 3", async () => {
    const clean = await kvlab("fuzz", "--runs", "50", "--out", tempDir("kvlab-fuzz-cli-"));
    expect(clean.stdout).toMatch(/^no failure in 50 scenarios \(seed 1, [\d.]+s\)$/m);
    expect(clean.status).toBe(0);
    const bad = await kvlab("fuzz", "--runs", "0");
    expect(bad.stderr).toBe("kvlab: --runs must be a whole number ≥ 1, got 0\n");
    expect(bad.status).toBe(3);
  });
});
