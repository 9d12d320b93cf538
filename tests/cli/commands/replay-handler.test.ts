// kvlab replay takes the lab from the scenario file: `lab` names it (default kv); a lab kvlab does
// not have is one line naming the file and the labs there are, exit 3. In this process, kvlab's
// labs are the counter lab with the scenarios written in tests/harness, to show the command needs
// nothing of KV (the kvlab processes this file starts have kvlab's own labs).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { runScenario, traceLines } from "../../../src/harness/index.js";
import { runReplay } from "../../../src/cli/commands/replay-handler.js";
import { reference } from "../../harness/counter-lab/reference.js";
import { counterScenario, counterScenarioLab, type CounterScenario } from "../../harness/scenario/counter-scenarios.js";
import { captured } from "../../support/captured-output.js";
import { kvlab, repo } from "../../support/run-cli.js";
import { tempDir } from "../../support/temp-dir.js";

vi.mock("../../../src/labs/index.js", async () => {
  const { counterScenarioLab: lab } = await import("../../harness/scenario/counter-scenarios.js");
  return { labs: { counter: { title: "the counter lab", suites: [], load: async () => lab } }, labNames: ["counter"] };
});

const forgetfulPath = join(import.meta.dirname, "..", "..", "harness", "counter-lab", "impls", "forgetful.ts");

/** The shipped partition-heal scenario with `fields` changed, written to a fresh folder. */
function variant(fields: Record<string, unknown>): string {
  const path = join(tempDir("kvlab-replay-lab-"), "partition-heal.json");
  writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(join(repo, "scenarios", "partition-heal.json"), "utf8")), ...fields }));
  return path;
}

describe("kvlab replay and the lab field", () => {
  it("refuses a scenario for a lab it does not have: one line, exit 3", async () => {
    const path = variant({ lab: "paxos" });
    const run = await kvlab("replay", path);
    expect(run.stderr).toBe(`kvlab replay: ${path}: lab: no lab named "paxos" (the labs are kv, raft, kvraft)\n`);
    expect(run.stdout).toBe("");
    expect(run.status).toBe(3);
  });

  it("reads a scenario with the lab its field names: a KV scenario marked raft is refused by the Raft lab's schema, one line, exit 3", async () => {
    const path = variant({ lab: "raft" });
    const run = await kvlab("replay", path);
    expect(run.stderr).toBe(`kvlab replay: ${path}: peers: missing: expected a number\n`);
    expect(run.stdout).toBe("");
    expect(run.status).toBe(3);
  });

  it("runs a scenario that says it is for kv as one that says nothing", async () => {
    const [namedPath, unnamedPath] = [variant({ lab: "kv" }), join(repo, "scenarios", "partition-heal.json")];
    const [named, unnamed] = [await kvlab("replay", namedPath), await kvlab("replay", unnamedPath)];
    /** The output with the file's own path and wall times taken out. */
    const same = (stdout: string, path: string) => stdout.replaceAll(path, "FILE").replace(/\d+\.\d+s/g, "");
    expect(named.status).toBe(0);
    expect(same(named.stdout, namedPath)).toBe(same(unnamed.stdout, unnamedPath));
  });
});

describe("runReplay on any lab kvlab has", () => {
  /** A counter scenario file in a fresh folder. */
  function counterFile(fields: Partial<CounterScenario>): string {
    const path = join(tempDir("kvlab-replay-counter-"), "counter.json");
    writeFileSync(path, JSON.stringify(counterScenario(fields)));
    return path;
  }

  it("runs a scenario of the lab the file names, and prints its trace as the lab's events when the lab has no printer of its own", async () => {
    const path = counterFile({ seed: 2, expect: { verdict: "pass" } });
    const printed = await captured(() => runReplay({ file: path, trace: true, pages: tempDir() }));
    expect(printed.stderr).toBe("");
    expect(printed.exitCode).toBe(0);
    const report = await runScenario(counterScenarioLab, reference, counterScenario({ seed: 2 }), "counter", { trace: true });
    expect(printed.stdout).toContain(`${traceLines(report).join("\n")}\n`);
    expect(printed.stdout.endsWith("reproduced: pass\n")).toBe(true);
  });

  it("runs a faulty implementation given instead and says the scenario was not reproduced, with its rerun", async () => {
    const path = counterFile({ seed: 2, unreliable: true, clients: 3, increments: 5, expect: { verdict: "pass" } });
    const printed = await captured(() => runReplay({ file: path, impl: forgetfulPath, trace: false, pages: tempDir() }));
    expect(printed.exitCode).toBe(1);
    expect(printed.stdout).toContain(`npx kvlab replay ${path} --impl ${forgetfulPath}`);
    expect(printed.stdout).toMatch(/^not reproduced: expected verdict pass, got fail: the counter reads \d+ after 15 increments$/m);
  });
});
