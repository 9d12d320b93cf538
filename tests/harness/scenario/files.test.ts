// Reading, writing and resolving scenario files for any lab: the JSON's errors with file:line:column,
// the `lab` field, a file for another lab, the implementation a file names, its expected trace.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectedTrace, parseScenarioJson, readScenario, readScenarioJson, scenarioImplementation, writeScenario } from "../../../src/harness/index.js";
import { reference } from "../counter-lab/reference.js";
import { scenarioRefusal as refusal } from "../../support/scenario-refusal.js";
import { tempDir } from "../../support/temp-dir.js";
import { counterScenario, counterScenarioLab } from "./counter-scenarios.js";

/** Writes `text` as NAME in a fresh folder and returns its path. */
function file(text: string, name = "s.json"): string {
  const path = join(tempDir("kvlab-scenario-"), name);
  writeFileSync(path, text);
  return path;
}

describe("readScenarioJson", () => {
  it("names the file, line and column of bad JSON, in one line", () => {
    const path = file('{\n  "kvlab": "x",\n  "seed": 1,,\n}\n');
    expect(refusal(() => readScenarioJson(path))).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:3:13: not valid JSON: [^\\n]+$`));
  });

  it("names a file it cannot read and why", () => {
    const path = join(tempDir(), "missing.json");
    expect(refusal(() => readScenarioJson(path))).toBe(`${path}: cannot read: ENOENT`);
  });

  it("takes the lab from the `lab` field, and the default lab (kv) when there is none", () => {
    expect(readScenarioJson(file('{"lab": "counter"}')).lab).toBe("counter");
    expect(readScenarioJson(file('{"kvlab": "kvlab-scenario/1"}')).lab).toBe("kv");
    // What is not an object is left to the lab to refuse, with its own words.
    expect(readScenarioJson(file("[1, 2]")).lab).toBe("kv");
  });

  it("refuses a `lab` that is not a name", () => {
    const path = file('{"lab": 7}');
    expect(refusal(() => readScenarioJson(path))).toBe(`${path}: lab: expected the name of a lab, got 7`);
    const empty = file('{"lab": ""}');
    expect(refusal(() => readScenarioJson(empty))).toBe(`${empty}: lab: expected the name of a lab, got ""`);
  });
});

describe("readScenario", () => {
  it("parses the file with the lab's own parse, naming the scenario after the file", () => {
    const path = file(JSON.stringify(counterScenario({ clients: 4 })), "four-clients.json");
    const read = readScenario(counterScenarioLab, path);
    expect(read).toEqual({ path, name: "four-clients", scenario: counterScenario({ clients: 4 }) });
  });

  it("passes on the lab's refusal as it is", () => {
    const path = file(JSON.stringify({ ...counterScenario(), clients: 0 }));
    expect(refusal(() => readScenario(counterScenarioLab, path))).toBe(`${path}: clients: Too small: expected number to be >=1`);
  });

  it("refuses a file for another lab, naming both", () => {
    const path = file(JSON.stringify({ ...counterScenario(), lab: "raft" }));
    expect(refusal(() => parseScenarioJson(counterScenarioLab, readScenarioJson(path)))).toBe(`${path}: lab: the file is for the raft lab, not the counter lab`);
  });

  it("refuses a lab that has no scenarios", () => {
    const { scenarios: _, ...bare } = counterScenarioLab;
    const path = file(JSON.stringify(counterScenario()));
    expect(refusal(() => readScenario(bare, path))).toBe(`${path}: the counter lab has no scenarios`);
  });
});

describe("scenarioImplementation", () => {
  /** The class of the server an implementation makes: a module loaded again is a new object, so it is known by what it makes. */
  const source = (impl: unknown) => (impl as { createServer(): object }).createServer().constructor.name;
  const impls = join(import.meta.dirname, "..", "counter-lab", "impls");

  it("gives the lab's reference for \"reference\"", async () => {
    const path = file(JSON.stringify(counterScenario()));
    expect(await scenarioImplementation(counterScenarioLab, readScenario(counterScenarioLab, path))).toBe(reference);
  });

  it("loads a path relative to the scenario file, with the lab's own check", async () => {
    const path = join(impls, "..", "..", "scenario", "unused.json");
    const read = { path, name: "unused", scenario: counterScenario({ implementation: "../counter-lab/impls/forgetful.ts" }) };
    expect(source(await scenarioImplementation(counterScenarioLab, read))).toBe("ForgetfulServer");
    const broken = { path, name: "unused", scenario: counterScenario({ implementation: "../counter-lab/impls/no-client.ts" }) };
    await expect(scenarioImplementation(counterScenarioLab, broken)).rejects.toThrow("lacks createClient");
  });

  it("plugs in the parts the file names, relative to it; part overrides take their places", async () => {
    const path = join(impls, "..", "..", "scenario", "unused.json");
    const read = { path, name: "unused", scenario: { ...counterScenario(), parts: { server: "../counter-lab/impls/forgetful-server.ts" } } };
    expect(source(await scenarioImplementation(counterScenarioLab, read))).toBe("ForgetfulServer");
    expect(source(await scenarioImplementation(counterScenarioLab, { ...read, scenario: counterScenario() }, undefined, { server: join(impls, "forgetful-server.ts") }))).toBe("ForgetfulServer");
    const stranger = { ...read, scenario: { ...counterScenario(), parts: { raft: "x.ts" } } };
    await expect(scenarioImplementation(counterScenarioLab, stranger)).rejects.toThrow("--raft: the counter lab has no raft part (it takes --server)");
  });

  it("names the file and its field when the module it names is not there, and where it was looked for", async () => {
    const read = { path: "/nowhere/s.json", name: "s", scenario: counterScenario({ implementation: "missing.ts" }) };
    await expect(scenarioImplementation(counterScenarioLab, read)).rejects.toThrow('/nowhere/s.json: implementation: "missing.ts" names no file (/nowhere/missing.ts)');
  });

  it("loads the override instead, relative to where the command runs", async () => {
    const read = { path: "/nowhere/s.json", name: "s", scenario: counterScenario({ implementation: "missing.ts" }) };
    expect(source(await scenarioImplementation(counterScenarioLab, read, join(impls, "forgetful.ts")))).toBe("ForgetfulServer");
  });
});

describe("expectedTrace and writeScenario", () => {
  it("reads the trace file the scenario names, relative to it, without empty lines", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "s.trace"), "first\nsecond\n\n");
    const expectation = { verdict: "fail" as const, traceFile: "s.trace" };
    expect(expectedTrace({ path: join(dir, "s.json"), name: "s", scenario: counterScenario({ expect: expectation }) })).toEqual(["first", "second"]);
    expect(expectedTrace({ path: join(dir, "s.json"), name: "s", scenario: counterScenario({ expect: { ...expectation, traceFile: "gone.trace" } }) })).toBeUndefined();
    expect(expectedTrace({ path: join(dir, "s.json"), name: "s", scenario: counterScenario() })).toBeUndefined();
  });

  it("writes pretty JSON that reads back as the same scenario", () => {
    const path = join(tempDir(), "s.json");
    writeScenario(path, counterScenario({ increments: 9 }));
    expect(readFileSync(path, "utf8")).toBe(`${JSON.stringify(counterScenario({ increments: 9 }), null, 2)}\n`);
    expect(readScenario(counterScenarioLab, path).scenario).toEqual(counterScenario({ increments: 9 }));
  });
});
