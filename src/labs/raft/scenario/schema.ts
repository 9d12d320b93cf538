import { z } from "zod";
import { ScenarioError, scenarioExpectSchema } from "../../../harness/index.js";

/** The format marker every kvlab scenario file starts with; `lab: "raft"` says which lab's fields follow. */
export const RAFT_SCENARIO_FORMAT = "kvlab-scenario/1";

/** The course's cluster sizes: at least 3 peers (a majority survives one fault), at most 7. */
export const MIN_PEERS = 3;
export const MAX_PEERS = 7;

/**
 * The latest virtual instant a scenario may name (ten minutes; the course's tests run two): the
 * run lasts until its last fault or workload's end, and a fault at 10^12 ms kept kvlab replay
 * simulating heartbeats for hours.
 */
export const MAX_SCENARIO_MS = 600_000;
const ms = z.number().int("a whole number of ms").nonnegative("a time in ms ≥ 0").max(MAX_SCENARIO_MS, `a time in ms ≤ ${MAX_SCENARIO_MS}`);
const peer = z.number().int("a peer index (0..peers-1)").nonnegative("a peer index (0..peers-1)");

/**
 * The Raft tests' networks, by labnet profile name: the world always adds the course's long delays,
 * and only these layers can be switched as a run goes (setReliable, setLongReordering).
 */
export const RAFT_NETWORK_NAMES = ["reliable", "unreliable", "longReordering"] as const;

/**
 * One change of the world at virtual instant `atMs`: the fault vocabulary of every lab whose
 * members are Raft peers (the replicated KV lab's servers are too), peer i being member i.
 */
export const faultSchema = z.discriminatedUnion(
  "action",
  [
    /** Peer i crashes (the course's ShutdownServer): cut off, killed, its persister kept. */
    z.object({ atMs: ms, action: z.literal("crash"), peer }).strict(),
    /** Peer i starts again from what it last saved, connected as the partition allows. */
    z.object({ atMs: ms, action: z.literal("restart"), peer }).strict(),
    /** Peer i's ends to everyone, and everyone's to it, are disabled (the course's disconnect). */
    z.object({ atMs: ms, action: z.literal("disconnect"), peer }).strict(),
    z.object({ atMs: ms, action: z.literal("connect"), peer }).strict(),
    /** The peers split into groups that reach only their own; `heal` ends it. */
    z.object({ atMs: ms, action: z.literal("partition"), groups: z.array(z.array(peer).min(1, "a group names at least one peer")).min(1, "at least one group") }).strict(),
    z.object({ atMs: ms, action: z.literal("heal") }).strict(),
    /** The network loses and delays messages (the course's setunreliable), or stops doing so. */
    z.object({ atMs: ms, action: z.literal("unreliable"), on: z.boolean() }).strict(),
    /** Replies held back 200–2200 ms (labrpc's LongReordering), or not. */
    z.object({ atMs: ms, action: z.literal("longReordering"), on: z.boolean() }).strict(),
  ],
  { error: "an action: one of crash, restart, disconnect, connect, partition, heal, unreliable, longReordering" },
);

/** The most clients a Raft scenario runs at once (and a replicated KV one). */
export const MAX_RAFT_CLIENTS = 9;

/** Clients that keep starting commands through whichever peer says it leads. */
const workload = z
  .object({
    /** How many clients run at once. */
    clients: z.number().int().min(1, "at least 1 client").max(MAX_RAFT_CLIENTS, `at most ${MAX_RAFT_CLIENTS} clients`),
    /** Each client's pause between two commands. */
    everyMs: z.number().int().min(1, "at least 1 ms between commands").max(MAX_SCENARIO_MS, `at most ${MAX_SCENARIO_MS} ms between commands`),
    /** How long the clients keep starting commands, from the run's start. */
    forMs: ms,
  })
  .strict();

/**
 * What a run checks. Raft's invariants (election safety, log matching, leader completeness,
 * state-machine safety) are checked at every step of every run, named here or not; at the end, once
 * everything is healed: "agreement", one agreement of all peers within the course's 10 s, and
 * "committed", every value a client saw committed is at its index in every peer's final log.
 */
export const RAFT_CHECKS = ["invariants", "agreement", "committed"] as const;

export const raftScenarioSchema = z
  .object({
    kvlab: z.literal(RAFT_SCENARIO_FORMAT),
    lab: z.literal("raft"),
    description: z.string().optional(),
    /** "reference", or a module path relative to the scenario file. */
    implementation: z.string().min(1).default("reference"),
    seed: z.union([z.number().int(), z.string().min(1)], { error: "an integer, or a non-empty string" }),
    peers: z.number().int("a whole number of peers").min(MIN_PEERS, `at least ${MIN_PEERS} peers`).max(MAX_PEERS, `at most ${MAX_PEERS} peers`),
    /** The tester takes a snapshot every 10 commands and the peers must compact (3D). */
    snapshot: z.boolean().default(false),
    /** The network the run starts on, as profile names (default reliable); long delays are always on. */
    network: z.array(z.enum(RAFT_NETWORK_NAMES)).default(["reliable"]),
    workload,
    faults: z.array(faultSchema).default([]),
    checks: z.array(z.enum(RAFT_CHECKS)).default([...RAFT_CHECKS]),
    expect: scenarioExpectSchema.optional(),
  })
  .strict()
  .superRefine((scenario, ctx) => checkFaultMembers(scenario.faults, scenario.peers, "peer", ctx));

/**
 * Adds an issue at faults[k] for each fault naming a member outside 0..count-1, or a partition
 * naming one twice; `noun` is what the lab calls its members ("peer", "server").
 */
export function checkFaultMembers(faults: readonly RaftFault[], count: number, noun: string, ctx: z.RefinementCtx): void {
  for (const [k, f] of faults.entries()) {
    const named = f.action === "partition" ? f.groups.flat() : "peer" in f ? [f.peer] : [];
    const outside = named.find((i) => i >= count);
    if (outside !== undefined) ctx.addIssue({ code: "custom", path: ["faults", k, ...(f.action === "partition" ? ["groups"] : ["peer"])], message: `no ${noun} ${outside}: the ${noun}s are 0..${count - 1}` });
    if (f.action === "partition" && new Set(named).size !== named.length) ctx.addIssue({ code: "custom", path: ["faults", k, "groups"], message: `a ${noun} is in two groups` });
    // The members no group names are one more group: a partition needs two groups in all.
    if (f.action === "partition" && f.groups.length === 1 && new Set(named).size >= count) {
      ctx.addIssue({ code: "custom", path: ["faults", k, "groups"], message: `at least two groups (the ${noun}s no group names are one)` });
    }
  }
}

export type RaftScenario = z.infer<typeof raftScenarioSchema>;
export type RaftFault = z.infer<typeof faultSchema>;
export type RaftWorkload = z.infer<typeof workload>;
export type RaftCheck = (typeof RAFT_CHECKS)[number];

/** Validates parsed JSON as a Raft scenario; the first problem is a ScenarioError naming `where`, the field and what was expected. */
export function parseRaftScenario(value: unknown, where: string): RaftScenario {
  return parseScenarioWith(raftScenarioSchema, value, where);
}

/** Validates parsed JSON with a lab's scenario `schema`; the first problem is a ScenarioError naming `where`, the field and what was expected. */
export function parseScenarioWith<Schema extends z.ZodType>(schema: Schema, value: unknown, where: string): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length === 0 ? "(top level)" : issue.path.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("").replace(/^\./, "");
  const message = issue.message.replace(/^Invalid input: expected (\w+), received undefined$/, "missing: expected a $1");
  throw new ScenarioError(`${where}: ${field}: ${message}`);
}
