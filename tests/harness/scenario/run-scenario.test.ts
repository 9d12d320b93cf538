// Running a scenario of any lab: the run the harness makes of it (the lab's test, seed and network,
// and the options), its report on the reference and on a faulty implementation, from a file, and
// its trace as lines.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compose, formatEvent, profiles } from "../../../labnet/index.js";
import { rerunCommand, runScenario, runScenarioFile, runTest, scenarioRun, traceLines, type LabScenarios } from "../../../src/harness/index.js";
import forgetful from "../counter-lab/impls/forgetful.js";
import { reference } from "../counter-lab/reference.js";
import { tempDir } from "../../support/temp-dir.js";
import { counterScenario, counterScenarioLab } from "./counter-scenarios.js";

describe("scenarioRun", () => {
  it("is the lab's test at the scenario's seed, named as asked, with the options given", () => {
    const run = scenarioRun(counterScenarioLab, reference, counterScenario({ seed: 12 }), "twelve", { checkSteps: 5, scenarioFile: "twelve.json" });
    expect(run).toMatchObject({ lab: counterScenarioLab, impl: reference, seed: 12, options: { checkSteps: 5, scenarioFile: "twelve.json" } });
    expect(run.definition).toMatchObject({ suite: "scenario", name: "twelve", title: "Scenario twelve", reliable: true });
    expect(run.options).not.toHaveProperty("network");
    // Its rerun is the replay of its file.
    expect(rerunCommand(run)).toBe("npx kvlab replay twelve.json");
  });

  it("adds the network the lab's toRun gives", () => {
    const scenarios = counterScenarioLab.scenarios as LabScenarios;
    const lab = { ...counterScenarioLab, scenarios: { ...scenarios, toRun: (scenario: never, name: string) => ({ ...scenarios.toRun(scenario, name), network: compose(profiles.unreliable) }) } };
    expect(scenarioRun(lab, reference, counterScenario(), "s").options).toEqual({ network: compose(profiles.unreliable) });
  });
});

describe("runScenario", () => {
  it("reports the run as runTest does for the same run", async () => {
    const scenario = counterScenario({ seed: 4, unreliable: true });
    const report = await runScenario(counterScenarioLab, reference, scenario, "s");
    const same = await runTest(scenarioRun(counterScenarioLab, reference, scenario, "s"));
    expect(report).toMatchObject({ suite: "scenario", test: "s", seed: 4, reliable: false, verdict: "pass", ops: 7, traceHash: same.traceHash });
    expect(report).not.toHaveProperty("trace");
  });

  it("fails a faulty implementation with the lab's Fatal text, and keeps the trace when asked", async () => {
    // On the unreliable network the forgetful server counts a resent increment twice.
    const reports = [];
    for (const seed of [1, 2, 3]) reports.push(await runScenario(counterScenarioLab, forgetful, counterScenario({ seed, unreliable: true, clients: 3, increments: 5 }), "s", { trace: true }));
    expect(reports.map((report) => [report.verdict, report.message])).toEqual([
      ["fail", "the counter reads 19 after 15 increments"],
      ["fail", "the counter reads 20 after 15 increments"],
      ["fail", "the counter reads 18 after 15 increments"],
    ]);
    expect(traceLines(reports[0]!)).toEqual(reports[0]!.trace!.map(formatEvent));
    expect(traceLines(reports[0]!)).toHaveLength(112);
  });

  it("is deterministic: the same scenario gives the same trace", async () => {
    const scenario = counterScenario({ seed: 9, unreliable: true });
    const [first, second] = [await runScenario(counterScenarioLab, reference, scenario, "s"), await runScenario(counterScenarioLab, reference, scenario, "s")];
    expect(second.traceHash).toBe(first.traceHash);
  });
});

describe("runScenarioFile", () => {
  const labs = { counter: { load: async () => counterScenarioLab } };
  const forgetfulPath = join(import.meta.dirname, "..", "counter-lab", "impls", "forgetful.ts");
  const faulty = counterScenario({ seed: 2, unreliable: true, clients: 3, increments: 5 });

  it("runs the file's scenario on the implementation it names, named after the file", async () => {
    const path = join(tempDir("kvlab-run-"), "forgetful-run.json");
    writeFileSync(path, JSON.stringify({ ...faulty, implementation: forgetfulPath }));
    const own = await runScenarioFile(labs, path);
    const direct = await runScenario(counterScenarioLab, forgetful, faulty, "forgetful-run");
    expect(own).toMatchObject({ test: "forgetful-run", seed: 2, verdict: "fail" });
    expect([own.message, own.traceHash]).toEqual([direct.message, direct.traceHash]);
  });

  it("runs an override instead, keeping the trace when asked", async () => {
    const path = join(tempDir("kvlab-run-"), "reference-run.json");
    writeFileSync(path, JSON.stringify(faulty));
    expect((await runScenarioFile(labs, path)).verdict).toBe("pass");
    const overridden = await runScenarioFile(labs, path, { impl: forgetfulPath, trace: true });
    expect(overridden.verdict).toBe("fail");
    expect(overridden.trace).toHaveLength(112);
  });
});
