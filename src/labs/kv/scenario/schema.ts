import { z } from "zod";
import { profileProblem, profiles } from "../../../../labnet/index.js";
import { ScenarioError, scenarioExpectSchema } from "../../../harness/index.js";

/** The format marker and version every scenario file starts with. */
export const SCENARIO_FORMAT = "kvlab-scenario/1";

const name = z.string().min(1);
const ms = z.number().finite().nonnegative();
/**
 * The most clients a put race or lock loop has: each is a clerk with its own traffic, and 1,000
 * racing for 2 s of virtual time take about a minute; 10^9 held kvlab replay until it ran out of memory.
 */
export const MAX_KV_CLIENTS = 1_000;
const clients = z.number().int().min(1).max(MAX_KV_CLIENTS);
/**
 * The longest put race: it and its checks must end within the run's 120 s of virtual time, and a
 * longer one (10^300 ms) failed as a livelock, exit 1, a verdict on the implementation for what
 * was a mistake in the file. 100 s with 5 clients takes half a second.
 */
export const MAX_RACE_MS = 100_000;

/** A network: layers of fault profile, each a profile name or a partial profile object. */
const layer = z.union([
  z.enum(Object.keys(profiles) as [keyof typeof profiles, ...(keyof typeof profiles)[]]),
  z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
    const problem = profileProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
]);
const network = z.array(layer);

/** One step of a client in an "ops" workload. `version: "last"` puts at the version the client last read. */
const op = z.discriminatedUnion("op", [
  z.object({ op: z.literal("get"), key: z.string() }).strict(),
  z.object({ op: z.literal("put"), key: z.string(), value: z.string(), version: z.union([z.number().int().nonnegative(), z.literal("last")]) }).strict(),
  z.object({ op: z.literal("sleep"), ms }).strict(),
]);

const workload = z.discriminatedUnion("kind", [
  /** A suite test's own body, on its own network (reliable or unreliable as the test says). */
  z.object({ kind: z.literal("test"), test: name }).strict(),
  /** Clients that each run a list of operations, recorded and checked. */
  z.object({ kind: z.literal("ops"), clients: z.array(z.array(op)).min(1).max(MAX_KV_CLIENTS) }).strict(),
  /** The lab's put race: clients put to one key for a while; checkPutConcurrent and linearizability. */
  z.object({ kind: z.literal("put-race"), clients, durationMs: ms.max(MAX_RACE_MS) }).strict(),
  /** Lock clients each doing `rounds` acquire/critical-section/release rounds. */
  z.object({ kind: z.literal("lock-loop"), clients, rounds: z.number().int().min(1) }).strict(),
]);

const fault = z.discriminatedUnion("action", [
  z.object({ atMs: ms, action: z.literal("partition"), a: z.array(name).min(1), b: z.array(name).min(1), oneWay: z.boolean().optional() }).strict(),
  z.object({ atMs: ms, action: z.literal("heal") }).strict(),
  z.object({ atMs: ms, action: z.literal("crash") }).strict(),
  z.object({ atMs: ms, action: z.literal("restart") }).strict(),
  z.object({ atMs: ms, action: z.literal("network"), network }).strict(),
]);

const decision = z
  .object({ dropRequest: z.boolean(), dropReply: z.boolean(), duplicate: z.boolean(), delayMs: ms, replyDelayMs: ms })
  .partial()
  .strict();

/** "contract" is always on (every run judges each clerk answer, see ClerkJudge); files may still name it. */
export const checkNames = ["linearizability", "contract", "memory"] as const;

export const scenarioSchema = z
  .object({
    kvlab: z.literal(SCENARIO_FORMAT),
    /** The lab the file is for: this one (a file without it is for the default lab, this one too). */
    lab: z.literal("kv").optional(),
    description: z.string().optional(),
    /** "reference", or a module path relative to the scenario file. */
    implementation: name.default("reference"),
    seed: z.union([z.number().int(), z.string().min(1)]),
    /** Fault profile layers; default reliable. A "test" workload uses its test's own network. */
    network: network.optional(),
    workload,
    faults: z.array(fault).default([]),
    /** Explicit fates of named messages, e.g. { "clerk-1#3": { "dropReply": true } }. */
    messages: z
      .record(z.string(), decision)
      .superRefine((messages, ctx) => {
        for (const id of Object.keys(messages)) {
          if (!/^[^#\s]+#\d+$/.test(id)) ctx.addIssue({ code: "custom", path: [id], message: "a message id is END#SEQ, e.g. clerk-1#3" });
        }
      })
      .default({}),
    checks: z.array(z.enum(checkNames)).default([...checkNames]),
    expect: scenarioExpectSchema.optional(),
  })
  .strict();

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioOp = z.infer<typeof op>;
export type ScenarioFault = z.infer<typeof fault>;
export type ScenarioWorkload = z.infer<typeof workload>;
export type CheckName = (typeof checkNames)[number];

/** Validates parsed JSON as a scenario; `where` names the file in errors. */
export function parseScenario(value: unknown, where: string): Scenario {
  const result = scenarioSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length === 0 ? "(top level)" : issue.path.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("").replace(/^\./, "");
  throw new ScenarioError(`${where}: ${field}: ${issue.message}`);
}
