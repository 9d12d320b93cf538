// The shipped replicated KV scenarios (scenarios/kvraft/*.json) replay exactly: each run is the one
// its file recorded (verdict and trace hash), run after run.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readScenario, replayOutcome, runScenario } from "../../../../src/harness/index.js";
import { kvraftLab } from "../../../../src/labs/kvraft/index.js";
import { repo } from "../../../support/run-cli.js";

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
