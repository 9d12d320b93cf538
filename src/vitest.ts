/**
 * kvlab/vitest: a lab's suites as vitest tests, so a student's own `npm test` runs them:
 * `registerSuites` for the KV lab, `registerRaftSuites` for the Raft lab, `registerKvRaftSuites` for
 * the replicated KV lab.
 */
import { kvLab, type KVImplementation, type KvTestDefinition, type SuiteName } from "./labs/kv/index.js";
import { raftLab, raftReference, type RaftImplementation, type RaftSuiteName, type RaftTestDefinition } from "./labs/raft/index.js";
import { kvraftLab, type KVRaftImplementation, type KvRaftImpl, type KvRaftSuiteName, type KvRaftTestDefinition } from "./labs/kvraft/index.js";
import type { Lab, TestDefinition } from "./harness/index.js";
import { registerLabSuites, type RegisterOptions as LabRegisterOptions } from "./harness/vitest/index.js";

export { wallBudgetMs } from "./harness/vitest/index.js";

/** How a lab's suites are registered: the harness's options, with the lab's own suite names and tests. */
interface LabOptions<Suite extends string, Test extends TestDefinition> extends Omit<LabRegisterOptions, "suite" | "timeoutMs"> {
  /** The suites to register, as `kvlab test --suite` takes them: one, several, or "all" (the default). */
  suite?: Suite | "all" | readonly (Suite | "all")[];
  /** Wall time each test may take, in ms, instead of {@link wallBudgetMs}: a number, or one per test. */
  timeoutMs?: number | ((test: Test) => number);
}

/** How the KV lab's suites are registered. */
export type RegisterOptions = LabOptions<SuiteName, KvTestDefinition>;
/** How the Raft lab's suites are registered (suites "3A", "3B", "3C", "3D"). */
export type RaftRegisterOptions = LabOptions<RaftSuiteName, RaftTestDefinition>;
/** How the replicated KV lab's suites are registered (suites "4A", "4B", "4C"), and the Raft under the KV layer. */
export interface KvRaftRegisterOptions extends Omit<LabOptions<KvRaftSuiteName, KvRaftTestDefinition>, "parts"> {
  /** The Raft under the KV layer (default: the reference Raft), e.g. yours from the Raft lab. */
  raft?: RaftImplementation;
  /** The path of `raft`'s module as `kvlab test --raft` takes it: a failure's rerun command then names it. */
  raftPath?: string;
}

function register<Impl, Test extends TestDefinition>(lab: Lab<Impl>, impl: Impl, options: LabOptions<string, Test>): void {
  const { timeoutMs, ...rest } = options;
  // A lab's tests are its own kind of definition: a per-test timeout sees them as such.
  const perTest = typeof timeoutMs === "function" ? (test: TestDefinition) => timeoutMs(test as Test) : timeoutMs;
  registerLabSuites(lab, impl, { ...rest, ...(perTest === undefined ? {} : { timeoutMs: perTest }) });
}

/**
 * Registers the KV lab's suites as vitest tests for `impl`: one vitest test per (test, seed), each
 * with a timeout that fits it (see wallBudgetMs; `timeoutMs` overrides it). A failure's message
 * is the lab's Fatal text, its explanation, the path of its page (written to kvlab-runs/) and the
 * command that reruns it as printed (see `implPath`).
 *
 * @example
 * // my-kv.test.ts
 * import { registerSuites } from "kvlab/vitest";
 * import impl from "./my-kv.js";
 * registerSuites(impl, { suite: ["kvsrv", "lock"], seeds: [1, 2, 3], implPath: "./my-kv.ts" });
 */
export function registerSuites(impl: KVImplementation, options: RegisterOptions = {}): void {
  register(kvLab as Lab<KVImplementation>, impl, options);
}

/**
 * Registers the Raft lab's suites as vitest tests for `impl`, as registerSuites does the KV lab's.
 *
 * @example
 * // my-raft.test.ts
 * import { registerRaftSuites } from "kvlab/vitest";
 * import impl from "./my-raft.js";
 * registerRaftSuites(impl, { suite: ["3A", "3B"], seeds: [1, 2, 3], implPath: "./my-raft.ts" });
 */
export function registerRaftSuites(impl: RaftImplementation, options: RaftRegisterOptions = {}): void {
  register(raftLab as Lab<RaftImplementation>, impl, options);
}

/**
 * Registers the replicated KV lab's suites as vitest tests for `impl` (the rsm, server and clerk)
 * over `options.raft` (the reference Raft by default), as registerSuites does the KV lab's.
 *
 * @example
 * // my-kvraft.test.ts: your KV layer over your Raft
 * import { registerKvRaftSuites } from "kvlab/vitest";
 * import impl from "./my-kvraft.js";
 * import raft from "./my-raft.js";
 * registerKvRaftSuites(impl, { suite: "4A", implPath: "./my-kvraft.ts", raft, raftPath: "./my-raft.ts" });
 */
export function registerKvRaftSuites(impl: KVRaftImplementation, options: KvRaftRegisterOptions = {}): void {
  const { raft = raftReference, raftPath, ...rest } = options;
  const parts = raftPath === undefined ? {} : { parts: { raft: raftPath } };
  register(kvraftLab as Lab<KvRaftImpl>, { kvraft: impl, raft }, { ...rest, ...parts });
}
