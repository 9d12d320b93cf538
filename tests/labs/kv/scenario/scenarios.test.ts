import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nameKey } from "../../../../labnet/index.js";
import { expectationProblems, readScenarioJson } from "../../../../src/harness/index.js";
import { readScenario, runScenario, scenarioImplementation, scenarioRun } from "../../../../src/labs/kv/index.js";
import { kvlab, repo } from "../../../support/run-cli.js";
import { tempDir } from "../../../support/temp-dir.js";

/** The KV lab's shipped scenarios: every file under scenarios/ whose lab is kv (the Raft lab's, in scenarios/raft, have tests of their own). */
const shipped = readdirSync(join(repo, "scenarios"), { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".json") && readScenarioJson(join(repo, "scenarios", file)).lab === "kv");

describe("the shipped scenarios", () => {
  it.each(shipped)("%s replays as it expects", async (file) => {
    const scenario = readScenario(join(repo, "scenarios", file));
    const report = await runScenario(scenario.scenario, scenario.name, await scenarioImplementation(scenario));
    expect(expectationProblems(scenario.scenario, report)).toEqual([]);
  });

  it("there is one per lab test, and examples of every kind of fault", () => {
    const kinds = new Set(shipped.map((file) => readScenario(join(repo, "scenarios", file)).scenario).flatMap((s) => [s.workload.kind, ...s.faults.map((f) => f.action), ...(Object.keys(s.messages).length ? ["messages"] : [])]));
    expect([...kinds].sort()).toEqual(["crash", "heal", "lock-loop", "messages", "network", "ops", "partition", "put-race", "restart", "test"]);
    expect(shipped.filter((file) => file.startsWith("suite-"))).toHaveLength(13);
    expect(shipped.filter((file) => file.startsWith("regressions/"))).toHaveLength(7);
  });
});

describe("scenario seeds", () => {
  it("a number, as a number or as text, is the seed; other text is hashed to a stable one", () => {
    const scenario = readScenario(join(repo, "scenarios", shipped.find((file) => file.startsWith("suite-"))!)).scenario;
    expect(scenarioRun({ ...scenario, seed: 42 }, "s").seed).toBe(42);
    expect(scenarioRun({ ...scenario, seed: "42" }, "s").seed).toBe(42);
    expect(scenarioRun({ ...scenario, seed: "nightly" }, "s").seed).toBe(nameKey("nightly"));
  });
});

describe("kvlab replay", () => {
  it("says a scenario that fails as expected was reproduced, explains it, writes its page, and exits 0", async () => {
    const pages = tempDir("kvlab-replay-");
    const run = await kvlab("replay", "scenarios/crash-loses-unpersisted-data.json", "--pages", pages);
    expect(run.stdout).toContain("Fatal: history is not linearizable");
    expect(run.stdout).toMatch(/^The smallest part of the history that is still not linearizable \(key "k": 2 of 2 operations as recorded/m);
    expect(run.stdout).toContain('the server answered Get("k") by clerk-1 with ErrNoKey while it had acknowledged ("a", 1): it restarted after a crash (incarnation 1 → 2) and lost writes it had acknowledged');
    expect(run.stdout).toContain(`  page: ${join(pages, "crash-loses-unpersisted-data.html")}`);
    expect(run.stdout).toContain("reproduced: fail (history is not linearizable)");
    expect(run.status).toBe(0);
  });

  it("names the first divergent event when the trace differs from the expected one, and exits 1", async () => {
    const run = await kvlab("replay", "tests/labs/kv/scenario/fixtures/expects-another-trace.json", "--pages", tempDir("kvlab-replay-"));
    expect(run.stdout).toMatch(/not reproduced: expected trace 0000000000000000, got [0-9a-f]{16}/);
    expect(run.stdout).toContain("traces diverge at event 4:\n  expected: 0.000ms send clerk-1#1 get→kvserver\n  actual:   0.000ms send clerk-1#1 put→kvserver");
    expect(run.status).toBe(1);
  });

  it("--trace prints the run's events", async () => {
    const run = await kvlab("replay", "scenarios/one-way-reply-loss.json", "--trace", "--pages", tempDir("kvlab-replay-"));
    expect(run.stdout).toMatch(/^[\d.]+ms drop-reply clerk-1#1 put→kvserver  reply \{"err":"OK"\}$/m);
    expect(run.status).toBe(0);
  });

  it.each([
    ["not-json.json", /^kvlab replay: tests\/labs\/kv\/scenario\/fixtures\/not-json\.json:4:31: not valid JSON: Expected ',' or '}' after property value$/],
    ["wrong-format.json", /^kvlab replay: tests\/labs\/kv\/scenario\/fixtures\/wrong-format\.json: kvlab: Invalid input: expected "kvlab-scenario\/1"$/],
    ["bad-op.json", /^kvlab replay: tests\/labs\/kv\/scenario\/fixtures\/bad-op\.json: workload\.clients\[0\]\[0\]\.version: /],
    ["bad-profile.json", /^kvlab replay: tests\/labs\/kv\/scenario\/fixtures\/bad-profile\.json: network\[1\]: .*"dropRequest" must be a probability in \[0, 1\], got 1\.5/],
    ["bad-message-id.json", /^kvlab replay: tests\/labs\/kv\/scenario\/fixtures\/bad-message-id\.json: messages\.clerk-1: a message id is END#SEQ, e\.g\. clerk-1#3$/],
    ["unknown-field.json", /^kvlab replay: tests\/labs\/kv\/scenario\/fixtures\/unknown-field\.json: faults\[0\]: Unrecognized key: "when"$/],
    ["unknown-test.json", /^kvlab replay: unknown-test: workload\.test: no suite test named "TestEverything"$/],
    ["missing-seed.json", /^kvlab replay: tests\/labs\/kv\/scenario\/fixtures\/missing-seed\.json: seed: Invalid input/],
    ["no-such-file.json", /^kvlab replay: tests\/labs\/kv\/scenario\/fixtures\/no-such-file\.json: cannot read: ENOENT$/],
  ])("%s: one line naming the file, the field and what was expected; exit 3", async (file, message) => {
    const run = await kvlab("replay", `tests/labs/kv/scenario/fixtures/${file}`);
    expect(run.stderr.trim()).toMatch(message);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.status).toBe(3);
  });
});
