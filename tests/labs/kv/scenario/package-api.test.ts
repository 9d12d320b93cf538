// The package's KV scenario API over the harness's generic one: a file for another lab is refused
// by name, a file that says it is for kv runs as one that says nothing.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readScenario, reference, runScenario, runScenarioFile, ScenarioError, scenarioImplementation } from "../../../../src/index.js";
import { repo } from "../../../support/run-cli.js";
import { tempDir } from "../../../support/temp-dir.js";

const shipped = join(repo, "scenarios", "errmaybe-after-lost-reply.json");

/** The shipped scenario with `fields` changed, written to a fresh folder. */
function variant(fields: Record<string, unknown>): string {
  const path = join(tempDir("kvlab-kv-scenario-"), "errmaybe-after-lost-reply.json");
  writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(shipped, "utf8")), ...fields }));
  return path;
}

describe("readScenario", () => {
  it("refuses a file for another lab, naming it", () => {
    const path = variant({ lab: "counter" });
    expect(() => readScenario(path)).toThrow(new ScenarioError(`${path}: lab: the file is for the counter lab, not the kv lab`));
  });

  it("reads a file that says it is for kv as one that says nothing, and runs it the same", async () => {
    const named = readScenario(variant({ lab: "kv" }));
    const unnamed = readScenario(shipped);
    const { lab, ...rest } = named.scenario;
    expect(lab).toBe("kv");
    expect(rest).toEqual(unnamed.scenario);
    expect(await scenarioImplementation(named)).toBe(reference);
    const [a, b] = [await runScenario(named.scenario, named.name, reference), await runScenarioFile(shipped)];
    expect([a.verdict, a.traceHash]).toEqual([b.verdict, b.traceHash]);
  });
});
