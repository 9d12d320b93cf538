import { z } from "zod";
import { checkFaultMembers, faultSchema, MAX_PEERS, MAX_RAFT_CLIENTS, MAX_SCENARIO_MS, MIN_PEERS, parseScenarioWith, RAFT_NETWORK_NAMES, RAFT_SCENARIO_FORMAT } from "../../raft/index.js";
import { scenarioExpectSchema } from "../../../harness/index.js";

/** How long a clerk operation may take once everything is healed, before the run says it never returns: ten election timeouts. */
export const RETURN_LIMIT_MS = 10_000;

/**
 * Clients, each with a clerk over every server, doing gets and puts on a few keys until
 * `durationMs`: each operation a put with probability putPercent/100 (at the version the client
 * last saw for the key), a get otherwise, `pauseMs` apart.
 */
const workload = z
  .object({
    clients: z.number().int("a whole number of clients").min(1, "at least 1 client").max(MAX_RAFT_CLIENTS, `at most ${MAX_RAFT_CLIENTS} clients`),
    /** Keys "k0".."k{keys-1}": few keys make clients race on them. */
    keys: z.number().int("a whole number of keys").min(1, "at least 1 key").max(100, "at most 100 keys"),
    putPercent: z.number().int("a whole percentage").min(0, "a percentage 0..100").max(100, "a percentage 0..100"),
    durationMs: z.number().int("a whole number of ms").min(1, "at least 1 ms").max(MAX_SCENARIO_MS, `at most ${MAX_SCENARIO_MS} ms`),
    /** At least 1 ms, so that a clerk answering without a round trip still lets virtual time move. */
    pauseMs: z.number().int("a whole number of ms").min(1, "a pause of at least 1 ms").max(MAX_SCENARIO_MS, `at most ${MAX_SCENARIO_MS} ms`).default(1),
  })
  .strict();

/**
 * What a run checks at its end, once everything is healed: "returns", every clerk operation under
 * way returns within RETURN_LIMIT_MS; "linearizability", the whole history (with a final get of
 * every key) is linearizable under the KV model. Every run also fails at once when a clerk hands
 * ErrWrongLeader to its caller (a clerk retries until a leader answers).
 */
export const KVRAFT_CHECKS = ["returns", "linearizability"] as const;

export const kvraftScenarioSchema = z
  .object({
    kvlab: z.literal(RAFT_SCENARIO_FORMAT),
    lab: z.literal("kvraft"),
    description: z.string().optional(),
    /** "reference", or a module path relative to the scenario file (the KV layer; the Raft under it is the reference or --raft's). */
    implementation: z.string().min(1).default("reference"),
    /** The Raft under the KV layer: a module path relative to the file (as --raft names one); the reference Raft without it. */
    parts: z.object({ raft: z.string().min(1, "a module path, relative to the scenario file") }).strict().optional(),
    seed: z.union([z.number().int(), z.string().min(1)], { error: "an integer, or a non-empty string" }),
    servers: z.number().int("a whole number of servers").min(MIN_PEERS, `at least ${MIN_PEERS} servers`).max(MAX_PEERS, `at most ${MAX_PEERS} servers`),
    /** Raft-state bytes past which servers snapshot, or -1: never (the course's maxraftstate). */
    maxRaftState: z.number().int("a whole number of bytes, or -1").min(-1, "a number of bytes, or -1 for no snapshots").default(-1),
    /** The network the run starts on, as profile names (default reliable). */
    network: z.array(z.enum(RAFT_NETWORK_NAMES)).default(["reliable"]),
    workload,
    /** The Raft lab's fault vocabulary; peer i is server i (its Raft peer and its KV server). */
    faults: z.array(faultSchema).default([]),
    checks: z.array(z.enum(KVRAFT_CHECKS)).default([...KVRAFT_CHECKS]),
    expect: scenarioExpectSchema.optional(),
  })
  .strict()
  .superRefine((scenario, ctx) => checkFaultMembers(scenario.faults, scenario.servers, "server", ctx));

export type KvRaftScenario = z.infer<typeof kvraftScenarioSchema>;
export type KvRaftWorkload = z.infer<typeof workload>;
export type KvRaftCheck = (typeof KVRAFT_CHECKS)[number];

/** Validates parsed JSON as a replicated KV scenario; the first problem is a ScenarioError naming `where`, the field and what was expected. */
export function parseKvRaftScenario(value: unknown, where: string): KvRaftScenario {
  return parseScenarioWith(kvraftScenarioSchema, value, where);
}
