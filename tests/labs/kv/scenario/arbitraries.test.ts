import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HOSTILE_KEYS } from "../../../../src/labs/kv/keys.js";
import { reference } from "../../../../src/labs/kv/reference.js";
import { runScenario } from "../../../../src/labs/kv/scenario/package-api.js";
import { scenarioArbitrary } from "../../../../src/labs/kv/scenario/arbitraries.js";
import { SCENARIO_FORMAT, parseScenario, type Scenario } from "../../../../src/labs/kv/scenario/schema.js";

/** How many clients a generated scenario has. */
const clientsOf = (scenario: Scenario): number =>
  scenario.workload.kind === "ops" ? scenario.workload.clients.length : scenario.workload.kind === "lock-loop" ? scenario.workload.clients : 0;

/** Every key a generated scenario's operations use. */
const keysOf = (scenario: Scenario): string[] => (scenario.workload.kind === "ops" ? scenario.workload.clients.flat().map((op) => ("key" in op ? op.key : "")) : []);

describe("scenarioArbitrary", () => {
  it("generates scenarios the schema accepts as they are, which the reference passes", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary({ locks: true }), async (scenario) => {
        // Written to a file and read back, a generated scenario is the same scenario.
        expect(parseScenario(JSON.parse(JSON.stringify(scenario)), "generated.json")).toEqual(scenario);
        const report = await runScenario(scenario, "generated", reference);
        expect(report.message).toBeUndefined();
        expect(report.verdict).toBe("pass");
      }),
      { numRuns: 40, seed: 7 },
    );
  });

  it("keeps to the shape: clients, operations, keys; lock workloads only when asked", () => {
    fc.assert(
      fc.property(scenarioArbitrary({ maxClients: 2, maxOps: 3, keys: ["x", "y"] }), (scenario) => {
        expect(scenario.workload.kind).toBe("ops");
        expect(clientsOf(scenario)).toBeGreaterThanOrEqual(1);
        expect(clientsOf(scenario)).toBeLessThanOrEqual(2);
        if (scenario.workload.kind !== "ops") return;
        for (const ops of scenario.workload.clients) {
          expect(ops.length).toBeGreaterThanOrEqual(1);
          expect(ops.length).toBeLessThanOrEqual(3);
        }
        for (const key of keysOf(scenario)) expect(["x", "y"]).toContain(key);
      }),
      { numRuns: 100, seed: 1 },
    );
  });

  it("with locks, lock workloads have 2 to maxClients clients (at least 2) and 1 to 3 rounds", () => {
    const lockLoops = fc.sample(scenarioArbitrary({ locks: true, maxClients: 1 }), { numRuns: 200, seed: 3 }).filter((s) => s.workload.kind === "lock-loop");
    expect(lockLoops.length).toBeGreaterThan(0);
    for (const scenario of lockLoops) {
      if (scenario.workload.kind !== "lock-loop") continue;
      expect(scenario.workload.clients).toBe(2);
      expect(scenario.workload.rounds).toBeGreaterThanOrEqual(1);
      expect(scenario.workload.rounds).toBeLessThanOrEqual(3);
    }
  });

  it("aims message fates and partitions at the scenario's own clients, never duplicates, and heals every partition later", () => {
    fc.assert(
      fc.property(scenarioArbitrary({ locks: true }), (scenario) => {
        const clients = clientsOf(scenario);
        for (const [id, decision] of Object.entries(scenario.messages)) {
          const [, client] = /^clerk-(\d+)#\d+$/.exec(id) ?? [];
          expect(Number(client)).toBeGreaterThanOrEqual(1);
          expect(Number(client)).toBeLessThanOrEqual(clients);
          expect(decision).not.toHaveProperty("duplicate");
        }
        const faults = scenario.faults;
        expect(faults.length % 2).toBe(0);
        for (let i = 0; i < faults.length; i += 2) {
          const [cut, heal] = [faults[i]!, faults[i + 1]!];
          expect(cut.action).toBe("partition");
          expect(heal.action).toBe("heal");
          expect(heal.atMs).toBeGreaterThan(cut.atMs);
          if (cut.action !== "partition") continue;
          const ends = [...cut.a, ...cut.b].sort();
          expect(ends).toContain("kvserver");
          const clerk = ends.find((end) => end !== "kvserver")!;
          expect(Number(clerk.replace("clerk-", ""))).toBeLessThanOrEqual(clients);
        }
        expect(scenario).toMatchObject({ kvlab: SCENARIO_FORMAT, implementation: "reference", checks: ["linearizability", "contract", "memory"] });
        expect(scenario.seed).toBeGreaterThanOrEqual(0);
        expect(scenario.seed).toBeLessThanOrEqual(1000);
      }),
      { numRuns: 200, seed: 2 },
    );
  });

  it("uses mostly the keys a and b by default, and sometimes a hostile one", () => {
    const keys = fc.sample(scenarioArbitrary(), { numRuns: 200, seed: 4 }).flatMap(keysOf);
    for (const key of keys) expect(["a", "b", ...HOSTILE_KEYS]).toContain(key);
    const plain = keys.filter((key) => key === "a" || key === "b").length;
    expect(plain).toBeGreaterThan(keys.length / 2);
    expect(plain).toBeLessThan(keys.length);
  });
});
