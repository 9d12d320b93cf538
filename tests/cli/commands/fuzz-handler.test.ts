// kvlab fuzz --lab: the lab whose scenarios it generates (default kv); a lab kvlab does not have is
// a usage error, exit 3. In this process, kvlab's labs are the counter lab (with or without the
// scenarios written in tests/harness), to show the command needs nothing of KV.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import type { Lab } from "../../../src/harness/index.js";
import { runFuzz } from "../../../src/cli/commands/fuzz-handler.js";
import { counterLab } from "../../harness/counter-lab/lab.js";
import { counterScenarioLab } from "../../harness/scenario/counter-scenarios.js";
import { captured } from "../../support/captured-output.js";
import { kvlab } from "../../support/run-cli.js";
import { tempDir } from "../../support/temp-dir.js";

const registry = vi.hoisted(() => ({ lab: undefined as unknown }));
vi.mock("../../../src/labs/index.js", () => ({ labs: { counter: { title: "the counter lab", suites: [], load: async () => registry.lab } }, labNames: ["counter"] }));

const forgetfulPath = join(import.meta.dirname, "..", "..", "harness", "counter-lab", "impls", "forgetful.ts");

describe("kvlab fuzz --lab", () => {
  it("fuzzes the kv lab when asked, as it does by default", async () => {
    const out = tempDir("kvlab-fuzz-lab-");
    const [named, unnamed] = [await kvlab("fuzz", "--lab", "kv", "--runs", "20", "--out", out), await kvlab("fuzz", "--runs", "20", "--out", out)];
    for (const run of [named, unnamed]) {
      expect(run.stdout).toMatch(/^no failure in 20 scenarios \(seed 1, [\d.]+s\)\n$/);
      expect(run.status).toBe(0);
    }
  });

  it("refuses a lab it does not have: one line, exit 3", async () => {
    const run = await kvlab("fuzz", "--lab", "paxos", "--runs", "1");
    expect(run.stderr).toBe('kvlab: Invalid values:\n  Argument: lab, Given: "paxos", Choices: "kv", "raft", "kvraft"\n');
    expect(run.status).toBe(3);
  });
});

describe("runFuzz on any lab kvlab has", () => {
  it("fuzzes the lab --lab names and reports the counterexample's size in that lab's words", async () => {
    registry.lab = counterScenarioLab;
    const out = tempDir("kvlab-fuzz-lab-");
    const printed = await captured(() => runFuzz({ lab: "counter", impl: forgetfulPath, runs: 200, seed: 1, out, clients: 3, ops: 5 }));
    expect(printed.exitCode).toBe(1);
    expect(printed.stderr).toBe("");
    expect(printed.stdout).toMatch(/^failure at scenario \d+ \(seed 1\), shrunk in \d+ steps to 1 client\(s\), 1 increment\(s\):\nFatal: the counter reads 2 after 1 increments\n/);
    expect(printed.stdout).toContain(`  scenario:   ${join(out, "forgetful-seed1.json")}\n`);
    expect(printed.stdout).toContain(`  replay:     npx kvlab replay ${join(out, "forgetful-seed1.json")}\n`);
    expect(JSON.parse(readFileSync(join(out, "forgetful-seed1.json"), "utf8")).lab).toBe("counter");
  });

  it("refuses --clients beyond what the lab's scenario files may hold, so that a counterexample replays: one line, exit 3", async () => {
    registry.lab = counterScenarioLab;
    const printed = await captured(() => runFuzz({ lab: "counter", runs: 1, seed: 1, out: tempDir(), clients: 101, ops: 5 }));
    expect(printed).toEqual({ stdout: "", stderr: "kvlab fuzz: --clients 101: a counter scenario has at most 100 clients\n", exitCode: 3 });
  });

  it("refuses a lab without scenarios: one line, exit 3", async () => {
    registry.lab = counterLab as unknown as Lab;
    const printed = await captured(() => runFuzz({ lab: "counter", runs: 1, seed: 1, out: tempDir(), clients: 3, ops: 5 }));
    expect(printed).toEqual({ stdout: "", stderr: "kvlab fuzz: --lab counter: the counter lab has no scenarios to fuzz\n", exitCode: 3 });
  });
});
