// The shipped replicated KV scenarios (scenarios/kvraft/*.json) replay exactly: each run is the one
// its file recorded (verdict and trace hash), run after run.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { readScenario, replayOutcome, runScenario, runScenarioFile, scenarioImplementation } from "../../../../src/harness/index.js";
import { labs } from "../../../../src/labs/index.js";
import { kvraftLab } from "../../../../src/labs/kvraft/index.js";
import { repo } from "../../../support/run-cli.js";
import { tempDir } from "../../../support/temp-dir.js";

const dir = join(repo, "scenarios", "kvraft");
const shipped = readdirSync(dir).filter((file) => file.endsWith(".json"));

describe("the shipped replicated KV scenarios", () => {
  it("are a leader partitioned then healed, a majority crashed and restarted with snapshots, and an unreliable network with churn", () => {
    expect(shipped).toEqual(["leader-partitioned-then-healed.json", "majority-crash-and-restart.json", "unreliable-churn.json"]);
  });

  it.each(shipped)("%s replays exactly on the reference: its verdict and recorded trace hash, run after run", async (name) => {
    const file = readScenario(kvraftLab as never, join(dir, name));
    expect(file.scenario.expect?.traceHash).toMatch(/^[0-9a-f]{16}$/);
    const [first, second] = [await runScenario(kvraftLab as never, kvraftLab.reference, file.scenario, file.name), await runScenario(kvraftLab as never, kvraftLab.reference, file.scenario, file.name)];
    expect(replayOutcome(file.scenario, first)).toEqual({ kind: "reproduced" });
    expect(second.traceHash).toBe(first.traceHash);
  });
});

describe("a replicated KV scenario's Raft", () => {
  it("is the module its parts.raft names, relative to the file (the Raft lab's skeleton never elects, so no clerk operation returns), or --raft's instead", async () => {
    const path = join(tempDir("kvlab-kvraft-parts-"), "s.json");
    const scenario = JSON.parse(readFileSync(join(dir, "majority-crash-and-restart.json"), "utf8")) as Record<string, unknown>;
    writeFileSync(path, JSON.stringify({ ...scenario, parts: { raft: relative(dirname(path), join(repo, "examples", "raft", "my-raft.ts")) }, expect: undefined }));
    const skeleton = await runScenarioFile(labs, path);
    expect(skeleton.message).toBe('clerk-1\'s get("k1") did not return within 10 s after everything was healed');
    const referenceRaft = join(dirname(path), "reference-raft.ts");
    writeFileSync(referenceRaft, `export { raftReference as default } from ${JSON.stringify(join(repo, "src", "labs", "raft", "index.ts"))};\n`);
    const reference = await runScenarioFile(labs, path, { parts: { raft: referenceRaft } });
    expect(reference.traceHash).toBe((scenario.expect as { traceHash: string }).traceHash);
  });
});

describe("the shipped replicated KV regression scenario (kvlab fuzz found it)", () => {
  const path = join(dir, "regressions", "reads-locally-seed1.json");

  it("still fails, as recorded, on a server that reads its own table: a new leader answers the final read before it has applied what committed", async () => {
    const file = readScenario(kvraftLab as never, path);
    const report = await runScenario(kvraftLab as never, await scenarioImplementation(kvraftLab as never, file), file.scenario, file.name);
    expect(report.message).toBe("history is not linearizable");
    expect(replayOutcome(file.scenario, report)).toEqual({ kind: "still failing", problems: [] });
  });

  it("is fixed on the reference", async () => {
    const file = readScenario(kvraftLab as never, path);
    expect(replayOutcome(file.scenario, await runScenario(kvraftLab as never, kvraftLab.reference, file.scenario, file.name))).toEqual({ kind: "fixed" });
  });
});
