import type { ClientEnd, FaultProfile, LabEnv, Network, Simulation } from "../../labnet/index.js";
import type { RunView } from "../check/index.js";
import type { RunNotes } from "./run-notes.js";

/**
 * A lab is a plug-in of the harness: everything the harness (sweeps, workers, shards, the
 * determinism check, reports, replay, fuzzing, pages and the `kvlab` CLI) knows of a lab is this
 * interface. A lab is a folder under src/labs with a module whose default export is its Lab, and
 * one line in src/labs/index.ts that names it for `--lab`.
 *
 * `Impl` is what a user implements (the module `--impl` names exports it as its default);
 * `World` is what a test's body works with (servers, clients, the recorded history).
 *
 * @example
 * const lab: Lab<CounterImplementation, CounterWorld> = {
 *   name: "counter", title: "the counter lab", module: import.meta.url,
 *   reference, checkImplementation, suites: { basic: [incrementTest] },
 *   world: (impl, options) => new CounterWorld(impl, options),
 * };
 */
export interface Lab<Impl = unknown, World = unknown> {
  /** What `--lab` takes, e.g. "kv". */
  readonly name: string;
  /** The lab in a few words, for help and messages, e.g. "the versioned key/value lab". */
  readonly title: string;
  /**
   * The URL of a module whose default export is this lab (its `import.meta.url`): a sweep's worker
   * thread imports it, so a worker needs no registry and a lab defined in a test runs there too.
   */
  readonly module: string;
  /** The lab's own implementation, which passes every suite on every seed. */
  readonly reference: Impl;
  /**
   * The default export of a user's module as this lab's implementation, or an
   * ImplementationError that names `where` and everything the value lacks.
   */
  checkImplementation(candidate: unknown, where: string): Impl;
  /**
   * Implementations a run takes besides `--impl`'s, each from a module of its own named by a flag
   * of its own (e.g. the replicated KV lab's `--raft PATH`: the Raft under the student's KV layer).
   * `reference` and what `checkImplementation` returns hold each part's default; a part's module,
   * when named, replaces it. Absent: `--impl` is the whole implementation.
   */
  readonly parts?: readonly LabPart<Impl>[];
  /** The suites by name, in the order `--suite all` runs them; test names are unique across them. */
  readonly suites: Readonly<Record<string, readonly TestDefinition<World>[]>>;
  /** Why `impl` cannot run `definition` (it is then skipped, saying so), or undefined when it can. */
  unsupported?(impl: Impl, definition: TestDefinition<World>): string | undefined;
  /** The world one test runs in, on the simulated network, in virtual time. */
  world(impl: Impl, options: WorldOptions): World & SimulatedWorld;
  /**
   * The world one test runs in against a real server, in real time (`kvlab test --target`): only
   * tests that are `reliable` and not `needsSimulation` run there. Absent: the lab has no real
   * server. A lab gives both this and `realTarget`, or neither.
   */
  realWorld?(impl: Impl, connection: RealConnection): World & RealWorld;
  /** How the harness reaches the lab's real server, for `realWorld`'s connections. */
  readonly realTarget?: RealTarget;
  /**
   * Explains a failed run in the lab's terms: lines for the terminal and, when it can draw the
   * run, the page's content. It re-runs `run` with everything recorded (runs are deterministic).
   */
  explain?(run: Run<Impl>): Promise<Explanation | undefined>;
  /** Scenario files and fuzzing for this lab, when it has them. */
  readonly scenarios?: LabScenarios<Impl>;
  /**
   * A run's trace, one event a line, with what the lab kept beside it (e.g. each message's
   * arguments and reply) for `kvlab replay --trace`; the world ran with `trace` and `forensics`.
   * Absent: the trace's events as they are.
   */
  traceLines?(world: World & SimulatedWorld): string[];
}

/**
 * One implementation of a lab's runs beside `--impl`'s, from its own module: its flag, and how its
 * module's default export is checked and plugged into the implementation.
 *
 * @example
 * // the replicated KV lab: --raft PATH is the Raft under the KV layer (default: the reference Raft)
 * const raftPart: LabPart<{ kvraft: KVRaftImplementation; raft: RaftImplementation }> = {
 *   flag: "raft",
 *   describe: "the Raft under the KV servers: a module whose default export is a RaftImplementation (default: the reference Raft)",
 *   plug: (impl, candidate, where) => ({ ...impl, raft: checkRaftImplementation(candidate, where) }),
 * };
 */
export interface LabPart<Impl = unknown> {
  /** The flag that names the part's module, without its dashes: "raft" for `--raft PATH`. */
  readonly flag: string;
  /** What the module's default export must be, and the part's default, for help. */
  readonly describe: string;
  /**
   * `impl` with this part replaced by `candidate` (the default export of the part's module), or an
   * ImplementationError that names `where` and everything `candidate` lacks.
   */
  plug(impl: Impl, candidate: unknown, where: string): Impl;
}

/** One test of a suite, written once against the lab's world and run on any implementation. */
export interface TestDefinition<World = unknown> {
  /** The suite, or "scenario" for a test built from a scenario file. */
  suite: string;
  /** The test's name, e.g. "TestReliablePut": what `--test` selects. */
  name: string;
  /** The title printed as the test begins, before "(reliable network)...". */
  title: string;
  reliable: boolean;
  /** Virtual time the test may take (default 120 s). */
  timeLimitMs?: number;
  /**
   * It needs the simulation itself (faults, a server object), so it does not run over TCP: `true`,
   * or why in a few words, which its skip there shows as "needs the simulation (WHY)".
   */
  needsSimulation?: boolean | string;
  body(world: World, tester: LabEnv): Promise<void>;
}

/** How the harness asks a lab for a simulated world. */
export interface WorldOptions {
  seed: number;
  /** The test's network: the lab's reliable one, or its unreliable one. */
  reliable: boolean;
  /** Keep the trace's events (replay, forensics). */
  trace?: boolean;
  /** Virtual time the run may take. */
  timeLimitMs?: number;
  /** Model steps a linearizability check may take before it says unknown. */
  checkSteps?: number;
  /** A network other than the test's own (scenarios set this). */
  network?: FaultProfile;
  /** Keep what an explanation needs (the lab decides what: calls, executions, state). */
  forensics?: boolean;
}

/** What every simulated world offers the harness. */
export interface SimulatedWorld {
  readonly sim: Simulation;
  readonly net: Network;
  /** Info lines and typed outcomes (a check out of budget) the report carries. */
  readonly notes: RunNotes;
  /** Servers in the world, as the report's "#peers" counts them. */
  readonly peers: number;
  /**
   * The test is over and nothing more will be read from the world: stop what user code left
   * running, as the course's cleanup kills every peer (a loop that waits for kill() ends).
   */
  end?(): void;
}

/** A client end with a name: a simulated labnet End, or a TCP end to a real server. */
export interface NamedEnd extends ClientEnd {
  readonly name: string;
}

/** Where a real server listens: what `--target IP:PORT` names. */
export interface TargetAddress {
  host: string;
  port: number;
}

/** One connection to a real server, which the harness closes when the run ends. */
export interface ClosableEnd extends ClientEnd {
  close(): Promise<void>;
}

/**
 * A lab's real server as the harness reaches it (`kvlab test --target`): the harness parses the
 * address, opens every connection through `dial`, counts the calls, watches for silence, closes
 * the connections and skips what cannot run; the lab knows the server's protocol.
 */
export interface RealTarget {
  /** What the server is called in messages, e.g. "kvs-server" ("the kvs-server stopped answering: ..."). */
  readonly server: string;
  /** Real time and randomness, for the clients that talk to the server. */
  readonly env: LabEnv;
  /** A fresh connection to the server at `address` for the client `name`. */
  dial(address: TargetAddress, name: string): ClosableEnd;
  /**
   * Whether the server answers at `address`, each step bounded by `timeoutMs`: undefined when it
   * does, else why not in one line. Clients resend until answered, so without it a target with
   * nothing listening, or one that never answers, would keep the suites waiting forever.
   */
  probe(address: TargetAddress, timeoutMs: number): Promise<string | undefined>;
}

/** What the harness gives a lab's world against a real server. */
export interface RealConnection {
  /** A fresh connection to the server, named (e.g. "clerk-3"); the harness closes it when the run ends. */
  connect(name: string): NamedEnd;
  /** Real time and randomness. */
  env: LabEnv;
  /** A prefix unique to this run, for the names (keys) it creates: a real server keeps what earlier runs wrote. */
  namespace: string;
  checkSteps?: number;
}

/** What every world against a real server offers the harness. */
export interface RealWorld {
  readonly notes: RunNotes;
  /** Clerk operations the test made (the report's "#Ops"). */
  readonly operations: number;
  /** Lets go of the clients (their connections are the harness's to close). */
  close?(): void;
}

/** One run: a lab's test at a seed, on an implementation, with the options that shape it. */
export interface Run<Impl = unknown> {
  readonly lab: Lab<Impl>;
  readonly impl: Impl;
  readonly definition: TestDefinition;
  readonly seed: number;
  readonly options: RunOptions;
}

/** Everything about a run other than its lab, test, seed and implementation. */
export interface RunOptions {
  /** The `--impl` path as the user gave it (undefined: the lab's reference implementation). */
  implPath?: string;
  /**
   * The modules of the lab's parts (see Lab.parts) the user named, by flag, as given: e.g.
   * `{ raft: "./my-raft.ts" }` for `--raft ./my-raft.ts`. A part not named is the lab's default.
   */
  parts?: Readonly<Record<string, string>>;
  /** Model steps each linearizability check may take (`--budget`). */
  checkSteps?: number;
  /** Run twice in one thread and fail if the two runs differ (`--check-determinism`). */
  checkDeterminism?: boolean;
  /** A scenario file the run comes from: it is rerun with `kvlab replay FILE`. */
  scenarioFile?: string;
  /** The real server (HOST:PORT) the run is against, instead of the simulation (`--target`). */
  target?: string;
  /** A network other than the test's own (scenarios set this). */
  network?: FaultProfile;
  /** Keep the trace's events. */
  trace?: boolean;
  /** With `trace`: fail the run (reason "trace-limit") once it has kept this many events (an explanation's re-run sets EXPLAIN_TRACE_EVENTS). */
  traceLimit?: number;
  /** Keep what the lab's explanation needs. */
  forensics?: boolean;
  /** Ends the run at once when aborted (e.g. a test runner's timeout). */
  signal?: AbortSignal;
}

/** A failure in the lab's terms: lines for the terminal, and what its page draws. */
export interface Explanation {
  lines: string[];
  /** The page's content; the harness adds the rerun command and writes it. */
  view?: RunView;
}

/**
 * A lab's scenario files and fuzzing. A scenario file holds the fields every lab's scenarios share
 * (see ScenarioEnvelope) and the lab's own (its workload, faults, checks); the lab parses the whole.
 */
export interface LabScenarios<Impl = unknown, Scenario extends ScenarioEnvelope = ScenarioEnvelope> {
  /** Validates parsed JSON as this lab's scenario, or throws a ScenarioError naming `where`, the field and what was expected. */
  parse(value: unknown, where: string): Scenario;
  /** The scenario as a test definition, seed and network, named `name` in reports. */
  toRun(scenario: Scenario, name: string): { definition: TestDefinition; seed: number; network?: FaultProfile };
  /** Generates scenarios for fuzzing `impl`, shrinking towards fewer clients, operations and faults. */
  arbitrary(impl: Impl, shape: FuzzShape): import("fast-check").Arbitrary<Scenario>;
  /** A one-line size of a scenario, for the fuzzer's report, e.g. "2 client(s), 5 operation(s), 1 fault(s)". */
  size(scenario: Scenario): string;
  /**
   * The most clients a scenario file may have: parse refuses more, and so does `kvlab fuzz
   * --clients`, so that every counterexample the fuzzer writes replays.
   */
  maxClients: number;
}

/** How big the fuzzer's scenarios may grow. */
export interface FuzzShape {
  maxClients?: number;
  maxOps?: number;
}

/** The fields every lab's scenario file has. */
export interface ScenarioEnvelope {
  kvlab: string;
  /** The lab the scenario is for (default "kv"). */
  lab?: string;
  description?: string;
  /** "reference", or a module path relative to the scenario file. */
  implementation: string;
  /** The modules of the lab's parts (see Lab.parts) by flag, relative to the file: e.g. a replicated KV scenario's `{ "raft": "../my-raft.ts" }`. */
  parts?: Readonly<Record<string, string>>;
  seed: number | string;
  expect?: {
    verdict: "pass" | "fail";
    message?: string;
    traceHash?: string;
    traceFile?: string;
    regression?: true;
  };
}
