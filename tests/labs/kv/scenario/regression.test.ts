// A counterexample kvlab fuzz writes is a regression scenario: replaying it says whether the bug
// it recorded is still there (exit 1) or fixed (exit 0), as a student meets it.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadImplementation, parseScenario, readScenario, replayOutcome, runScenario, type TestReport } from "../../../../src/index.js";
import { kvlab, repo } from "../../../support/run-cli.js";
import { tempDir } from "../../../support/temp-dir.js";

/** A student's module that is, for now, one of the buggy examples, and later the correct one. */
const reexport = (example: string) => `export { default } from ${JSON.stringify(join(repo, "examples/kv", example))};\n`;

describe("replaying a regression scenario", () => {
  it("fuzz records the failure; replay says it still fails (exit 1), then, once the module is fixed, that it is fixed (exit 0)", async () => {
    const dir = tempDir();
    const module = join(dir, "my-kv.ts");
    writeFileSync(module, reexport("buggy/server-ignores-version.ts"));
    const fuzz = await kvlab("fuzz", "--impl", module, "--out", join(dir, "found"));
    expect(fuzz.status).toBe(1);
    const scenario = join(dir, "found", "my-kv-seed1.json");
    const recorded = JSON.parse(readFileSync(scenario, "utf8")) as { expect: { message: string; traceHash: string; regression: boolean } };
    expect(recorded.expect.regression).toBe(true);

    // A failing replay writes its page: into the test's folder, not the repository's kvlab-runs/.
    const pages = ["--pages", join(dir, "runs")];
    const still = await kvlab("replay", scenario, ...pages);
    expect(still.stdout).toContain(`still failing, as recorded: ${recorded.expect.message}, trace ${recorded.expect.traceHash}\n`);
    expect(still.status).toBe(1);

    writeFileSync(module, reexport("my-kv.ts"));
    const fixed = await kvlab("replay", scenario, ...pages);
    expect(fixed.stdout).toContain(`fixed: the failure this regression scenario recorded no longer occurs (it was: ${recorded.expect.message}, trace ${recorded.expect.traceHash})\n`);
    expect(fixed.status).toBe(0);

    const other = await kvlab("replay", scenario, "--impl", "tests/labs/kv/fixtures/throwing-put.ts", ...pages);
    expect(other.stdout).toContain(`still failing, not as recorded (${recorded.expect.message}, trace ${recorded.expect.traceHash}):\n  expected message "${recorded.expect.message}", got "server "kvserver" handler "put" threw: `);
    expect(other.status).toBe(1);
  });

  it("only the recorded run passing is fixed: a skipped run is not, and a scenario expecting a pass is judged as before", () => {
    const scenario = parseScenario({ kvlab: "kvlab-scenario/1", seed: 1, workload: { kind: "lock-loop", clients: 1, rounds: 1 }, expect: { verdict: "fail", regression: true } }, "s.json");
    const report = (verdict: TestReport["verdict"]) => ({ verdict, traceHash: "0000000000000000" }) as TestReport;
    expect(replayOutcome(scenario, report("pass"))).toEqual({ kind: "fixed" });
    expect(replayOutcome(scenario, report("fail"))).toEqual({ kind: "still failing", problems: [] });
    expect(replayOutcome(scenario, report("skip")).kind).toBe("not reproduced");
    const plain = { ...scenario, expect: { verdict: "fail" as const } };
    expect(replayOutcome(plain, report("fail"))).toEqual({ kind: "reproduced" });
    expect(replayOutcome(plain, report("pass")).kind).toBe("not reproduced");
  });

  it("a regression scenario must record a failure", () => {
    const scenario = { kvlab: "kvlab-scenario/1", seed: 1, workload: { kind: "test", test: "TestReliablePut" }, expect: { verdict: "pass", regression: true } };
    expect(() => parseScenario(scenario, "s.json")).toThrow('s.json: expect.regression: a regression scenario records a failure: its verdict is "fail"');
  });

  it("every shipped counterexample is a regression scenario, and says fixed when replayed on the correct module", async () => {
    const correct = await loadImplementation(join(repo, "examples/kv/my-kv.ts"));
    const dir = join(repo, "scenarios", "regressions");
    const shipped = readdirSync(dir)
      .filter((file) => file.endsWith(".json"))
      .map((file) => readScenario(join(dir, file)));
    expect(shipped.length).toBeGreaterThan(0);
    for (const file of shipped) {
      expect([file.name, file.scenario.expect?.regression]).toEqual([file.name, true]);
      expect([file.name, replayOutcome(file.scenario, await runScenario(file.scenario, file.name, correct))]).toEqual([file.name, { kind: "fixed" }]);
    }
  });
});
