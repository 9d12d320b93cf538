import fc from "fast-check";
import { HOSTILE_KEYS } from "../keys.js";
import { SCENARIO_FORMAT, type Scenario, type ScenarioFault, type ScenarioOp } from "./schema.js";

/** The size of what the fuzzer generates. */
export interface ScenarioShape {
  /** Most clients in a scenario (default 3). */
  maxClients?: number;
  /** Most operations per client (default 6). */
  maxOps?: number;
  /** Keys the operations use (default: mostly "a" and "b", sometimes one of HOSTILE_KEYS). */
  keys?: string[];
  /** Generate lock workloads too (only for implementations with a lock). */
  locks?: boolean;
}

/** Values are long enough that a server keeping one old value outgrows its memory allowance. */
const VALUES = ["p", "q", "r", "s", "t"].map((letter) => letter.repeat(32));

/**
 * The default keys: two plain ones, so operations meet on a key often, and now and then a key
 * that breaks a store built on the wrong structure (shrinking prefers the plain ones).
 */
const defaultKeys: fc.Arbitrary<string> = fc.oneof({ arbitrary: fc.constantFrom("a", "b"), weight: 3 }, { arbitrary: fc.constantFrom(...HOSTILE_KEYS), weight: 1 });

const opArbitrary = (keys: fc.Arbitrary<string>): fc.Arbitrary<ScenarioOp> =>
  fc.oneof(
    fc.record({ op: fc.constant("get" as const), key: keys }),
    fc.record({
      op: fc.constant("put" as const),
      key: keys,
      value: fc.constantFrom(...VALUES),
      version: fc.oneof(fc.constant("last" as const), fc.integer({ min: 0, max: 3 })),
    }),
  );

/**
 * Explicit fates for messages the clients will send, keyed "clerk-C#S". No duplication: the lab's
 * protocol assumes a request is delivered at most once (if a duplicate ran first, the original's
 * ErrVersion could reach the clerk first and, by the lab's own rule, be returned for a put that
 * applied), so duplicates would make correct code fail.
 */
const messagesArbitrary = (clients: number, lastSeq: number, most: number) =>
  fc
    .array(
      fc.record({
        client: fc.integer({ min: 1, max: clients }),
        seq: fc.integer({ min: 1, max: lastSeq }),
        decision: fc.oneof(
          fc.constant({ dropRequest: true }),
          fc.constant({ dropReply: true }),
          fc.integer({ min: 1, max: 300 }).map((delayMs) => ({ delayMs })),
          fc.integer({ min: 1, max: 300 }).map((replyDelayMs) => ({ replyDelayMs })),
        ),
      }),
      { maxLength: most },
    )
    .map((entries) => Object.fromEntries(entries.map(({ client, seq, decision }) => [`clerk-${client}#${seq}`, decision])));

/**
 * Windows in which one client is cut off from the server (both ways, or one way), then healed:
 * short ones, and long ones that outlast any retry horizon a clerk might give itself.
 */
const partitionsArbitrary = (clients: number): fc.Arbitrary<ScenarioFault[]> =>
  fc
    .array(
      fc.record({
        client: fc.integer({ min: 1, max: clients }),
        atMs: fc.integer({ min: 0, max: 200 }),
        forMs: fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 15_000, max: 30_000 })),
        direction: fc.constantFrom("both", "to-server", "from-server"),
      }),
      { maxLength: 2 },
    )
    .map((windows) =>
      windows.flatMap(({ client, atMs, forMs, direction }): ScenarioFault[] => {
        const [a, b] = direction === "from-server" ? [["kvserver"], [`clerk-${client}`]] : [[`clerk-${client}`], ["kvserver"]];
        return [
          { atMs, action: "partition", a, b, oneWay: direction !== "both" },
          { atMs: atMs + forMs, action: "heal" },
        ];
      }),
    );

/**
 * Scenarios for fuzzing: small workloads (operations per client, or lock rounds) with explicit
 * fault plans on an otherwise reliable network. Every fault is a separate, named element, so
 * fast-check's shrinking removes faults one by one and a counterexample ends with only the
 * clients, operations and faults the bug needs.
 *
 * @example
 * fc.assert(fc.asyncProperty(scenarioArbitrary({ maxClients: 2 }), async (scenario) =>
 *   (await runScenario(scenario, "fuzz", impl)).verdict === "pass"));
 */
export function scenarioArbitrary(shape: ScenarioShape = {}): fc.Arbitrary<Scenario> {
  const keys = shape.keys ? fc.constantFrom(...shape.keys) : defaultKeys;
  const clientsArbitrary = fc.integer({ min: 1, max: shape.maxClients ?? 3 });
  const maxOps = shape.maxOps ?? 6;
  const ops = clientsArbitrary.chain((clients) =>
    fc.tuple(
      fc.array(fc.array(opArbitrary(keys), { minLength: 1, maxLength: maxOps }), { minLength: clients, maxLength: clients }).map((lists) => ({ kind: "ops" as const, clients: lists })),
      // A clerk sends at least one message per operation; faults aim within the first few.
      messagesArbitrary(clients, 2 * maxOps, 4),
      partitionsArbitrary(clients),
    ),
  );
  // A lock client sends ~9 messages warming up and ~7 a round: faults aim over three rounds.
  const locks = fc.integer({ min: 2, max: Math.max(shape.maxClients ?? 3, 2) }).chain((clients) =>
    fc.tuple(
      fc.record({ kind: fc.constant("lock-loop" as const), clients: fc.constant(clients), rounds: fc.integer({ min: 1, max: 3 }) }),
      messagesArbitrary(clients, 30, 6),
      partitionsArbitrary(clients),
    ),
  );
  const workload = shape.locks ? fc.oneof({ arbitrary: ops, weight: 2 }, { arbitrary: locks, weight: 1 }) : ops;
  return fc.tuple(fc.integer({ min: 0, max: 1000 }), workload).map(([seed, [load, messages, faults]]) => ({
    kvlab: SCENARIO_FORMAT,
    implementation: "reference",
    seed,
    workload: load,
    faults,
    messages,
    checks: ["linearizability", "contract", "memory"],
  }));
}
