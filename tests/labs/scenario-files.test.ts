// The package's runScenarioFile (what kvlab fuzz's regression tests call) runs a scenario file with
// the lab it names among kvlab's labs: KV files as always, and a lab kvlab lacks is named.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ScenarioError } from "../../src/harness/index.js";
import { reference, readScenario, runScenario } from "../../src/labs/kv/index.js";
import { runScenarioFile } from "../../src/labs/scenario-files.js";
import { repo } from "../support/run-cli.js";
import { tempDir } from "../support/temp-dir.js";

const shipped = join(repo, "scenarios", "one-way-reply-loss.json");

describe("runScenarioFile", () => {
  it("runs a KV file, with or without its lab named, as runScenario runs its scenario", async () => {
    const file = readScenario(shipped);
    const direct = await runScenario(file.scenario, file.name, reference);
    const named = join(tempDir("kvlab-scenario-file-"), "one-way-reply-loss.json");
    writeFileSync(named, JSON.stringify({ ...JSON.parse(readFileSync(shipped, "utf8")), lab: "kv" }));
    for (const path of [shipped, named]) {
      const report = await runScenarioFile(path);
      expect([report.test, report.verdict, report.traceHash]).toEqual([file.name, direct.verdict, direct.traceHash]);
    }
  });

  it("refuses a file for a lab kvlab does not have, naming the labs it has", async () => {
    const path = join(tempDir("kvlab-scenario-file-"), "paxos.json");
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(shipped, "utf8")), lab: "paxos" }));
    await expect(runScenarioFile(path)).rejects.toThrow(new ScenarioError(`${path}: lab: no lab named "paxos" (the labs are kv, raft, kvraft)`));
  });
});
