// The KV lab's scenario support as the harness takes it (kvLab.scenarios): its parse and the lab
// field, a scenario as a run (test, seed, network), the fuzzer's size words, the arbitrary (lock
// workloads only for an implementation with a lock), and the trace printed with messages.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nameKey } from "../../../../labnet/index.js";
import { runInWorld, ScenarioError, scenarioRun, traceLines } from "../../../../src/harness/index.js";
import { kvLab, kvScenarios, parseScenario, reference, type Scenario } from "../../../../src/labs/kv/index.js";
import { labProfile } from "../../../../src/labs/kv/sim-world.js";

/** An ops scenario with `fields` changed. */
function scenario(fields: Partial<Scenario> = {}): Scenario {
  return parseScenario({ kvlab: "kvlab-scenario/1", seed: 3, workload: { kind: "ops", clients: [[{ op: "put", key: "k", value: "v", version: 0 }], [{ op: "get", key: "k" }]] }, ...fields }, "s.json");
}

describe("kvLab.scenarios", () => {
  it("is the KV lab's scenario support", () => {
    expect(kvLab.scenarios).toBe(kvScenarios);
  });
});

describe("parse and the lab field", () => {
  it("takes a file that says it is for the kv lab, or says nothing", () => {
    expect(scenario({ lab: "kv" }).lab).toBe("kv");
    expect(scenario()).not.toHaveProperty("lab");
  });

  it("refuses a file for another lab, naming the file and the field", () => {
    expect(() => kvScenarios.parse({ ...scenario(), lab: "raft" }, "s.json")).toThrow(ScenarioError);
    expect(() => kvScenarios.parse({ ...scenario(), lab: "raft" }, "s.json")).toThrow(/^s\.json: lab: .*"kv"/);
  });
});

describe("toRun", () => {
  it("takes a number, or a string of one, as the seed, and any other string through labnet's nameKey", () => {
    expect(kvScenarios.toRun(scenario({ seed: 42 }), "s").seed).toBe(42);
    expect(kvScenarios.toRun(scenario({ seed: "42" }), "s").seed).toBe(42);
    expect(kvScenarios.toRun(scenario({ seed: "nightly" }), "s").seed).toBe(nameKey("nightly"));
  });

  it("runs its own workload on the lab's reliable network with the scenario's layers, and a suite test on that test's own network", () => {
    expect(kvScenarios.toRun(scenario(), "s").network).toEqual(labProfile(true));
    expect(kvScenarios.toRun(scenario({ network: ["unreliable"] }), "s").network).toEqual(labProfile(false));
    expect(kvScenarios.toRun(scenario({ workload: { kind: "test", test: "TestReliablePut" } }), "s")).not.toHaveProperty("network");
  });

  it("is reliable only when nothing can lose or repeat a message", () => {
    const reliable = (fields: Partial<Scenario>) => kvScenarios.toRun(scenario(fields), "s").definition.reliable;
    expect(reliable({})).toBe(true);
    expect(reliable({ faults: [{ atMs: 5, action: "network", network: ["reliable"] }, { atMs: 9, action: "heal" }] })).toBe(true);
    expect(reliable({ network: ["unreliable"] })).toBe(false);
    expect(reliable({ faults: [{ atMs: 5, action: "network", network: ["unreliable"] }] })).toBe(false);
    expect(reliable({ messages: { "clerk-1#1": { dropReply: true } } })).toBe(false);
    expect(reliable({ messages: { "clerk-1#1": { delayMs: 100 } } })).toBe(true);
    expect(reliable({ faults: [{ atMs: 0, action: "partition", a: ["clerk-1"], b: ["kvserver"] }] })).toBe(false);
    expect(reliable({ faults: [{ atMs: 0, action: "crash" }] })).toBe(false);
  });

  it("names the test after the scenario, titled by its description, and refuses a suite test that does not exist", () => {
    expect(kvScenarios.toRun(scenario({ description: "two clerks" }), "mine").definition).toMatchObject({ suite: "scenario", name: "mine", title: "two clerks", needsSimulation: true });
    expect(kvScenarios.toRun(scenario(), "mine").definition.title).toBe("Scenario mine");
    expect(() => kvScenarios.toRun(scenario({ workload: { kind: "test", test: "TestNothing" } }), "mine")).toThrow(new ScenarioError('mine: workload.test: no suite test named "TestNothing"'));
  });
});

describe("size", () => {
  it("counts clients, operations and faults (planned message fates and partitions, not heals)", () => {
    expect(kvScenarios.size(scenario())).toBe("2 client(s), 2 operation(s), 0 fault(s)");
    const faulty = scenario({
      messages: { "clerk-1#1": { dropReply: true }, "clerk-2#2": { delayMs: 5 } },
      faults: [{ atMs: 0, action: "partition", a: ["clerk-1"], b: ["kvserver"] }, { atMs: 9, action: "heal" }],
    });
    expect(kvScenarios.size(faulty)).toBe("2 client(s), 2 operation(s), 3 fault(s)");
    expect(kvScenarios.size(scenario({ workload: { kind: "lock-loop", clients: 3, rounds: 2 } }))).toBe("3 client(s), 0 operation(s), 0 fault(s)");
    expect(kvScenarios.size(scenario({ workload: { kind: "put-race", clients: 4, durationMs: 100 } }))).toBe("0 client(s), 0 operation(s), 0 fault(s)");
  });
});

describe("arbitrary", () => {
  const kinds = (impl: typeof reference) => new Set(fc.sample(kvScenarios.arbitrary(impl, {}), { numRuns: 200, seed: 1 }).map((s) => s.workload.kind));

  it("generates lock workloads only for an implementation with a lock", () => {
    expect(kinds(reference)).toEqual(new Set(["ops", "lock-loop"]));
    const { createLock: _, ...lockless } = reference;
    expect(kinds(lockless)).toEqual(new Set(["ops"]));
  });

  it("keeps to the shape: most clients and operations", () => {
    for (const generated of fc.sample(kvScenarios.arbitrary(reference, { maxClients: 2, maxOps: 3 }), { numRuns: 100, seed: 2 })) {
      if (generated.workload.kind !== "ops") continue;
      expect(generated.workload.clients.length).toBeLessThanOrEqual(2);
      for (const ops of generated.workload.clients) expect(ops.length).toBeLessThanOrEqual(3);
    }
  });
});

describe("kvLab.traceLines", () => {
  it("prints each trace event, with the arguments and reply of the message it is about", async () => {
    const run = scenarioRun(kvLab, reference, scenario(), "s", { trace: true, forensics: true });
    const { report, world } = await runInWorld(run);
    const lines = kvLab.traceLines!(world as never);
    const plain = traceLines(report);
    expect(lines).toHaveLength(plain.length);
    // A message's line starts as the plain one and adds what it carried.
    lines.forEach((line, i) => expect(line.startsWith(plain[i]!)).toBe(true));
    expect(lines.some((line, i) => line !== plain[i] && line.includes('"k"'))).toBe(true);
  });
});
