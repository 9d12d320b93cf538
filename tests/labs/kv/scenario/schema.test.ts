import { describe, expect, it } from "vitest";
import { ScenarioError } from "../../../../src/harness/index.js";
import { SCENARIO_FORMAT, checkNames, parseScenario, scenarioSchema } from "../../../../src/labs/kv/scenario/schema.js";

/** The smallest valid scenario, with `fields` over it. */
const minimal = (fields: Record<string, unknown> = {}) => ({ kvlab: SCENARIO_FORMAT, seed: 1, workload: { kind: "test", test: "TestReliablePut" }, ...fields });

/** The one-line error parsing `value` as s.json gives. */
function problem(value: unknown): string {
  try {
    parseScenario(value, "s.json");
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    const message = (error as Error).message;
    expect(message.split("\n")).toHaveLength(1);
    return message;
  }
  throw new Error("parsed");
}

describe("parseScenario", () => {
  it("fills in the defaults: the reference, no faults, no message fates, every check", () => {
    expect(parseScenario(minimal(), "s.json")).toEqual({
      kvlab: SCENARIO_FORMAT,
      seed: 1,
      workload: { kind: "test", test: "TestReliablePut" },
      implementation: "reference",
      faults: [],
      messages: {},
      checks: [...checkNames],
    });
    expect(checkNames).toEqual(["linearizability", "contract", "memory"]);
  });

  it("keeps every optional field it is given", () => {
    const full = {
      kvlab: SCENARIO_FORMAT,
      lab: "kv",
      description: "d",
      implementation: "./impl.ts",
      seed: "abc",
      network: ["unreliable", { dropReply: 0.1 }],
      workload: {
        kind: "ops",
        clients: [
          [
            { op: "put", key: "k", value: "v", version: "last" },
            { op: "sleep", ms: 5 },
            { op: "get", key: "k" },
          ],
        ],
      },
      faults: [
        { atMs: 0, action: "partition", a: ["clerk-1"], b: ["kvserver"], oneWay: true },
        { atMs: 1, action: "heal" },
        { atMs: 2, action: "crash" },
        { atMs: 3, action: "restart" },
        { atMs: 4, action: "network", network: ["reliable"] },
      ],
      messages: { "clerk-1#3": { dropReply: true, delayMs: 2 } },
      checks: ["memory"],
      expect: { verdict: "fail", message: "m", traceHash: "0123456789abcdef", traceFile: "t.trace", regression: true },
    };
    expect(parseScenario(full, "s.json")).toEqual(full);
  });

  it("takes the other workloads", () => {
    expect(parseScenario(minimal({ workload: { kind: "put-race", clients: 2, durationMs: 100 } }), "s.json").workload).toEqual({ kind: "put-race", clients: 2, durationMs: 100 });
    expect(parseScenario(minimal({ workload: { kind: "lock-loop", clients: 1, rounds: 1 } }), "s.json").workload).toEqual({ kind: "lock-loop", clients: 1, rounds: 1 });
  });

  it("refuses more than 1,000 clients, where 10^9 racing clients held kvlab replay until it ran out of memory", () => {
    expect(parseScenario(minimal({ workload: { kind: "put-race", clients: 1_000, durationMs: 100 } }), "s.json").workload).toMatchObject({ clients: 1_000 });
    expect(problem(minimal({ workload: { kind: "put-race", clients: 1e9, durationMs: 100 } }))).toMatch(/^s\.json: workload\.clients: Too big: .*1000/);
    expect(problem(minimal({ workload: { kind: "lock-loop", clients: 1_001, rounds: 1 } }))).toMatch(/^s\.json: workload\.clients: Too big: .*1000/);
    expect(problem(minimal({ workload: { kind: "ops", clients: Array.from({ length: 1_001 }, () => []) } }))).toMatch(/^s\.json: workload\.clients: Too big: .*1000/);
  });

  it("refuses a put race longer than 100 s, which failed the implementation as a livelock at the run's 120 s", () => {
    expect(parseScenario(minimal({ workload: { kind: "put-race", clients: 5, durationMs: 100_000 } }), "s.json").workload).toMatchObject({ durationMs: 100_000 });
    expect(problem(minimal({ workload: { kind: "put-race", clients: 5, durationMs: 1e300 } }))).toMatch(/^s\.json: workload\.durationMs: Too big: .*100000/);
  });

  it("names the file and the field of the first problem, on one line", () => {
    expect(problem(minimal({ kvlab: "kvlab-scenario/2" }))).toMatch(/^s\.json: kvlab: .*kvlab-scenario\/1/);
    expect(problem(minimal({ lab: "counter" }))).toMatch(/^s\.json: lab: .*"kv"/);
    expect(problem(minimal({ seed: 1.5 }))).toMatch(/^s\.json: seed: /);
    expect(problem(minimal({ seed: "" }))).toMatch(/^s\.json: seed: /);
    expect(problem(minimal({ implementation: "" }))).toMatch(/^s\.json: implementation: /);
    expect(problem(minimal({ description: 3 }))).toMatch(/^s\.json: description: /);
    expect(problem(minimal({ network: ["no-such-profile"] }))).toMatch(/^s\.json: network\[0\]: /);
    expect(problem(minimal({ workload: { kind: "ops", clients: [] } }))).toMatch(/^s\.json: workload\.clients: /);
    expect(problem(minimal({ workload: { kind: "ops", clients: [[{ op: "put", key: "k", value: "v", version: -1 }]] } }))).toMatch(
      /^s\.json: workload\.clients\[0\]\[0\]\.version: /,
    );
    expect(problem(minimal({ workload: { kind: "ops", clients: [[{ op: "sleep", ms: -1 }]] } }))).toMatch(/^s\.json: workload\.clients\[0\]\[0\]\.ms: /);
    expect(problem(minimal({ workload: { kind: "put-race", clients: 0, durationMs: 1 } }))).toMatch(/^s\.json: workload\.clients: /);
    expect(problem(minimal({ workload: { kind: "lock-loop", clients: 1, rounds: 0 } }))).toMatch(/^s\.json: workload\.rounds: /);
    expect(problem(minimal({ workload: { kind: "dance" } }))).toMatch(/^s\.json: workload\.kind: /);
    expect(problem(minimal({ faults: [{ atMs: 0, action: "partition", a: [], b: ["kvserver"] }] }))).toMatch(/^s\.json: faults\[0\]\.a: /);
    expect(problem(minimal({ faults: [{ atMs: -1, action: "heal" }] }))).toMatch(/^s\.json: faults\[0\]\.atMs: /);
    expect(problem(minimal({ checks: ["speed"] }))).toMatch(/^s\.json: checks\[0\]: /);
    expect(problem(minimal({ expect: { verdict: "maybe" } }))).toMatch(/^s\.json: expect\.verdict: /);
    expect(problem(minimal({ expect: { verdict: "pass", traceHash: "xyz" } }))).toBe("s.json: expect.traceHash: 16 hex digits");
  });

  it("refuses an unknown field, at the top or inside", () => {
    expect(problem(minimal({ colour: "red" }))).toMatch(/^s\.json: \(top level\): .*colour/);
    expect(problem(minimal({ faults: [{ atMs: 0, action: "heal", a: ["x"] }] }))).toMatch(/^s\.json: faults\[0\]: .*"a"/);
    expect(problem(minimal({ messages: { "clerk-1#1": { drop: true } } }))).toMatch(/^s\.json: messages\.clerk-1#1: .*drop/);
  });

  it("refuses a missing required field, naming it", () => {
    const { seed: _seed, ...noSeed } = minimal();
    expect(problem(noSeed)).toMatch(/^s\.json: seed: /);
    expect(problem(42)).toMatch(/^s\.json: \(top level\): /);
  });

  it("names a message id that is not END#SEQ", () => {
    expect(problem(minimal({ messages: { "clerk-1": {} } }))).toBe("s.json: messages.clerk-1: a message id is END#SEQ, e.g. clerk-1#3");
    expect(problem(minimal({ messages: { "clerk 1#2": {} } }))).toBe("s.json: messages.clerk 1#2: a message id is END#SEQ, e.g. clerk-1#3");
  });

  it("names what is wrong in a partial fault profile", () => {
    expect(problem(minimal({ network: [{ dropReply: 2 }] }))).toMatch(/^s\.json: network\[0\]: .*dropReply/);
  });

  it("a regression scenario records a failure", () => {
    expect(problem(minimal({ expect: { verdict: "pass", regression: true } }))).toBe('s.json: expect.regression: a regression scenario records a failure: its verdict is "fail"');
    expect(scenarioSchema.safeParse(minimal({ expect: { verdict: "fail", regression: true } })).success).toBe(true);
  });
});
