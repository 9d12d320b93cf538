// The files a counterexample is kept in, for any lab: a regression scenario that names its lab
// (unless it is the default one) and the implementation relative to the folder, its trace, and a
// vitest regression test.
import { readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_LAB, fuzz, readScenario, replayOutcome, runScenarioFile, traceLines, writeCounterexample, type Counterexample } from "../../../src/harness/index.js";
import forgetful from "../counter-lab/impls/forgetful.js";
import { tempDir } from "../../support/temp-dir.js";
import { counterScenarioLab } from "../scenario/counter-scenarios.js";

const forgetfulPath = join(import.meta.dirname, "..", "counter-lab", "impls", "forgetful.ts");
const found: Counterexample = (await fuzz(counterScenarioLab, forgetful, { runs: 200, seed: 1 })).counterexample!;

describe("writeCounterexample", () => {
  it("writes a regression scenario of the lab, with its trace, that replays as still failing exactly as recorded", async () => {
    const dir = tempDir("kvlab-counterexample-");
    const files = writeCounterexample(counterScenarioLab, dir, "forgetful-seed1", found, forgetfulPath);
    expect(files).toEqual({ scenario: join(dir, "forgetful-seed1.json"), trace: join(dir, "forgetful-seed1.trace"), test: join(dir, "forgetful-seed1.test.ts") });
    const { implementation, ...written } = JSON.parse(readFileSync(files.scenario, "utf8"));
    // The implementation is relative to the folder, so the folder can move with what it tests.
    expect(isAbsolute(implementation)).toBe(false);
    expect(resolve(dir, implementation)).toBe(forgetfulPath);
    const { implementation: _, ...scenario } = found.scenario;
    expect(written).toEqual({
      ...scenario,
      lab: "counter",
      description: `Found by kvlab fuzz: ${found.report.message}`,
      expect: { verdict: "fail", message: found.report.message, traceHash: found.report.traceHash, traceFile: "forgetful-seed1.trace", regression: true },
    });
    expect(readFileSync(files.trace, "utf8")).toBe(`${traceLines(found.report).join("\n")}\n`);
    const replayed = await runScenarioFile({ counter: { load: async () => counterScenarioLab } }, files.scenario);
    expect(replayOutcome(readScenario(counterScenarioLab, files.scenario).scenario, replayed)).toEqual({ kind: "still failing", problems: [] });
  });

  it("names the lab when the scenario does not, except the default lab; names the reference when no module is given", () => {
    const { lab: _, ...unnamed } = found.scenario;
    const withoutLab = { ...found, scenario: unnamed };
    const dir = tempDir("kvlab-counterexample-");
    const forDefault = JSON.parse(readFileSync(writeCounterexample({ ...counterScenarioLab, name: DEFAULT_LAB }, dir, "kv", withoutLab, undefined).scenario, "utf8"));
    expect(forDefault).not.toHaveProperty("lab");
    expect(forDefault.implementation).toBe("reference");
    const forCounter = JSON.parse(readFileSync(writeCounterexample(counterScenarioLab, dir, "counter", withoutLab, undefined).scenario, "utf8"));
    expect(forCounter.lab).toBe("counter");
  });

  it("names the lab's part modules it ran with, relative to the folder, and replays with them", async () => {
    const dir = tempDir("kvlab-counterexample-");
    const server = join(import.meta.dirname, "..", "counter-lab", "impls", "forgetful-server.ts");
    const files = writeCounterexample(counterScenarioLab, dir, "parts", found, undefined, { server });
    const written = JSON.parse(readFileSync(files.scenario, "utf8"));
    expect([written.implementation, isAbsolute(written.parts.server), resolve(dir, written.parts.server)]).toEqual(["reference", false, server]);
    expect((await runScenarioFile({ counter: { load: async () => counterScenarioLab } }, files.scenario)).verdict).toBe("fail");
  });

  it("writes a vitest regression test that runs the scenario through the package and passes once the bug is fixed", () => {
    const dir = tempDir("kvlab-counterexample-");
    const files = writeCounterexample(counterScenarioLab, dir, "found", found, forgetfulPath);
    expect(readFileSync(files.test, "utf8")).toBe(`// Regression test for a failure kvlab fuzz found: ${found.report.message}
// It fails until the bug is fixed; \`npx kvlab replay found.json\` (from this folder) shows the failing run.
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { runScenarioFile } from "kvlab";

it("found no longer fails", async () => {
  const report = await runScenarioFile(fileURLToPath(new URL("./found.json", import.meta.url)));
  expect(report.message).toBeUndefined();
  expect(report.verdict).toBe("pass");
});
`);
  });
});
