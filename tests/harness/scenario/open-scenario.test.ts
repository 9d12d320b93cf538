// openScenario: a scenario file is run by the lab its `lab` field names, among the labs the caller
// knows; a lab not among them, or without scenarios, is one line naming the file and the labs.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openScenario, ScenarioError, type Lab, type LabsByName } from "../../../src/harness/index.js";
import { tempDir } from "../../support/temp-dir.js";
import { counterScenario, counterScenarioLab } from "./counter-scenarios.js";

/** The labs a caller knows, each loaded as the CLI loads them; `loaded` lists which were. */
function catalog(entries: Record<string, Lab>): { labs: LabsByName; loaded: string[] } {
  const loaded: string[] = [];
  const labs = Object.fromEntries(Object.entries(entries).map(([name, lab]) => [name, { load: async () => (loaded.push(name), lab) }]));
  return { labs, loaded };
}

function file(content: unknown): string {
  const path = join(tempDir("kvlab-open-"), "s.json");
  writeFileSync(path, JSON.stringify(content));
  return path;
}

describe("openScenario", () => {
  it("loads only the lab the file names and parses the file with it", async () => {
    const { labs, loaded } = catalog({ kv: { ...counterScenarioLab, name: "kv" }, counter: counterScenarioLab });
    const path = file(counterScenario({ clients: 5 }));
    const opened = await openScenario(path, labs);
    expect(opened.lab).toBe(counterScenarioLab);
    expect(opened.file).toEqual({ path, name: "s", scenario: counterScenario({ clients: 5 }) });
    expect(loaded).toEqual(["counter"]);
  });

  it("takes a file without a `lab` field for the default lab, kv", async () => {
    const kv = { ...counterScenarioLab, name: "kv", scenarios: { ...counterScenarioLab.scenarios!, parse: (value: unknown) => value as never } };
    const { labs, loaded } = catalog({ kv, counter: counterScenarioLab });
    const { lab } = await openScenario(file({ kvlab: "kvlab-scenario/1", seed: 1 }), labs);
    expect(lab).toBe(kv);
    expect(loaded).toEqual(["kv"]);
  });

  it("refuses a lab it does not know in one line naming the file and the labs there are, loading none", async () => {
    const { labs, loaded } = catalog({ kv: { ...counterScenarioLab, name: "kv" }, counter: counterScenarioLab });
    const path = file({ ...counterScenario(), lab: "raft" });
    const refusal = openScenario(path, labs);
    await expect(refusal).rejects.toThrow(ScenarioError);
    await expect(refusal).rejects.toThrow(new ScenarioError(`${path}: lab: no lab named "raft" (the labs are kv, counter)`));
    expect(loaded).toEqual([]);
  });

  it("does not take an Object method for a lab", async () => {
    const { labs } = catalog({ counter: counterScenarioLab });
    const path = file({ ...counterScenario(), lab: "toString" });
    await expect(openScenario(path, labs)).rejects.toThrow(`${path}: lab: no lab named "toString" (the labs are counter)`);
  });

  it("refuses a known lab that has no scenarios", async () => {
    const { scenarios: _, ...bare } = counterScenarioLab;
    const path = file(counterScenario());
    await expect(openScenario(path, catalog({ counter: bare }).labs)).rejects.toThrow(new ScenarioError(`${path}: the counter lab has no scenarios`));
  });
});
