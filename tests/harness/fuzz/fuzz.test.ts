// The fuzzer on the counter lab, whose scenarios are written in the test: the harness generates
// with the lab's arbitrary, runs through the lab's toRun, and shrinks, knowing nothing of KV.
import { describe, expect, it } from "vitest";
import { fuzz, runScenario, ScenarioError } from "../../../src/harness/index.js";
import forgetful from "../counter-lab/impls/forgetful.js";
import { reference } from "../counter-lab/reference.js";
import { counterScenarioLab, type CounterScenario } from "../scenario/counter-scenarios.js";

describe("fuzz on a lab other than KV", () => {
  it("finds nothing in the lab's reference, and counts every scenario it ran", async () => {
    let runs = 0;
    const result = await fuzz(counterScenarioLab, reference, { runs: 40, seed: 1, onRun: () => runs++ });
    expect(result).toEqual({ runs: 40 });
    expect(runs).toBe(40);
  });

  it("finds a counterexample in a faulty implementation and shrinks it to one client and one increment", async () => {
    const found = (await fuzz(counterScenarioLab, forgetful, { runs: 200, seed: 1 })).counterexample!;
    expect(found).toBeDefined();
    const scenario = found.scenario as CounterScenario;
    expect([scenario.clients, scenario.increments]).toEqual([1, 1]);
    expect(counterScenarioLab.scenarios!.size(scenario)).toBe("1 client(s), 1 increment(s)");
    expect(found.report.verdict).toBe("fail");
    expect(found.report.message).toBe("the counter reads 2 after 1 increments");
    // At seed 1 the first scenario already fails, and five shrinking steps bring it down to this one.
    expect(found.run).toBe(1);
    expect(found.shrinks).toBe(5);
    // Its report keeps the trace, and running the scenario again gives the same failure.
    expect(found.report.trace).toHaveLength(23);
    const again = await runScenario(counterScenarioLab, forgetful, scenario, "fuzz");
    expect([again.message, again.traceHash]).toEqual([found.report.message, found.report.traceHash]);
  });

  it("is deterministic: the same seed finds the same counterexample", async () => {
    const first = (await fuzz(counterScenarioLab, forgetful, { runs: 200, seed: 5 })).counterexample!;
    const second = (await fuzz(counterScenarioLab, forgetful, { runs: 200, seed: 5 })).counterexample!;
    expect(second.scenario).toEqual(first.scenario);
    expect([second.run, second.shrinks, second.report.traceHash]).toEqual([first.run, first.shrinks, first.report.traceHash]);
  });

  it("gives the lab's arbitrary the shape asked for", async () => {
    const shapes: unknown[] = [];
    const scenarios = counterScenarioLab.scenarios!;
    const lab = { ...counterScenarioLab, scenarios: { ...scenarios, arbitrary: (impl: unknown, shape: object) => (shapes.push(shape), scenarios.arbitrary(impl, shape)) } };
    await fuzz(lab, reference, { runs: 1, seed: 1, shape: { maxClients: 2, maxOps: 4 } });
    await fuzz(lab, reference, { runs: 1, seed: 1 });
    expect(shapes).toEqual([{ maxClients: 2, maxOps: 4 }, {}]);
  });

  it("refuses a lab without scenarios", async () => {
    const { scenarios: _, ...bare } = counterScenarioLab;
    await expect(fuzz(bare, reference, { runs: 1, seed: 1 })).rejects.toThrow(new ScenarioError("fuzz: the counter lab has no scenarios"));
  });
});
