import { Network, Server, Simulation, compose, profiles, type End, type Execution, type FaultProfile } from "../../../labnet/index.js";
import type { Clerk, KVImplementation, KVService, LabEnv, Lock } from "./contract.js";
import { ClerkJudge } from "./clerk-judge.js";
import { LabFailure, RunNotes, type FailureReason, type SimulatedWorld, type WorldOptions } from "../../harness/index.js";
import { journaled, type JournalEntry } from "./forensics/journal.js";
import { explainMemory } from "./forensics/memory-growth.js";
import { KvRecorder } from "./history.js";
import type { KvWorld, WorldClerk } from "./world.js";

/** The KV server's name on the simulated network. */
export const SERVER = "kvserver";

/**
 * Per-hop latency of the suites' reliable network. 1 ms hops give a concurrent test a few
 * thousand operations per virtual second: overlap enough to test, and histories the checker
 * finishes exactly instead of timing out.
 */
const LAB_RELIABLE: Partial<FaultProfile> = { name: "lab-reliable", latency: { kind: "uniform", minMs: 0.5, maxMs: 1.5 } };

/** The lab's network: reliable with 0.5–1.5 ms hops, or that plus the unreliable layer. */
export function labProfile(reliable: boolean, ...layers: Partial<FaultProfile>[]): FaultProfile {
  return reliable ? compose(LAB_RELIABLE, ...layers) : compose(LAB_RELIABLE, profiles.unreliable, ...layers);
}

/** A clerk on the simulated network: its end is a labnet End, which faults can be aimed at. */
export interface SimulatedClerk extends WorldClerk {
  end: End;
}

/**
 * A clerk on the simulated network and its judge in one object: every answer of `clerk` is judged
 * against the RPCs its call sent and the replies they got. One object a clerk rather than a record
 * beside its judge: the memory tests keep 100,000 clerks alive, and the GCs copy all they keep.
 */
class JudgedClerk extends ClerkJudge implements SimulatedClerk {
  declare end: End;
  readonly clerk: Clerk;

  constructor(name: string, fail: (message: string) => void, end: End, readonly env: LabEnv, impl: KVImplementation) {
    super(name, fail);
    this.clerk = this.judged(impl.createClerk(this.watch(end), env));
  }
}

/**
 * One test's world: a simulation, a network with one KV server built from the implementation, and
 * the tools the suites use (clerks, client spawning, history, failure). The test body runs as the
 * simulation task "tester"; every client is a task of its own.
 */
export class SimulatedKvWorld implements KvWorld, SimulatedWorld {
  readonly sim: Simulation;
  readonly net: Network;
  readonly history: KvRecorder;
  readonly notes = new RunNotes();
  /** One KV server. */
  readonly peers = 1;
  /** With `forensics`: every clerk call and every server execution, in order. */
  readonly journal: JournalEntry[] = [];
  readonly executions: Execution[] = [];
  private clerks = 0;
  /** Ends the run with a failure in the lab's words, from anywhere (one function for every clerk's judge). */
  private readonly failRun = (message: string): void => this.sim.fail(new LabFailure(message));
  private serverObject: KVService | undefined;

  constructor(
    readonly impl: KVImplementation,
    readonly options: WorldOptions,
  ) {
    this.sim = new Simulation({ seed: options.seed, trace: options.trace ?? false, timeLimitMs: options.timeLimitMs ?? 120_000 });
    this.net = new Network(this.sim, options.network ?? labProfile(options.reliable));
    this.history = new KvRecorder(() => this.sim.now());
    if (options.forensics) this.net.onExecution((execution) => this.executions.push(execution));
    this.net.addServer(SERVER, ({ env }) => {
      this.serverObject = impl.createServer(env);
      return Server.of(this.serverObject);
    });
  }

  get reliable(): boolean {
    return this.options.reliable;
  }

  /** The object the implementation's createServer returned (for memory measurements). */
  get service(): KVService {
    return this.serverObject!;
  }

  /** With forensics, what the server held when it was dropped (see dropServer), in words. */
  private droppedServerMemory: string[] | undefined;

  /**
   * What the server holds, in words, per client the journal saw (a memory failure's explanation):
   * as it was when dropServer let go of it, or as it is now.
   */
  serverMemory(): string[] {
    return this.droppedServerMemory ?? explainMemory(this.serverObject, new Set(this.journal.map((entry) => entry.client)).size);
  }

  /**
   * Crashes the server and lets go of its object, so that nothing of the lab keeps alive what
   * only the server held: the memory tests weigh the heap with it and then without it. The run
   * has no server afterwards.
   */
  dropServer(): void {
    // The explanation of a failure can no longer look at the server once it is gone.
    if (this.options.forensics) this.droppedServerMemory = this.serverMemory();
    this.net.crash(SERVER);
    this.serverObject = undefined;
  }

  /** A fresh clerk on a fresh end, as the lab gives each client. */
  makeClerk(): SimulatedClerk {
    const name = `clerk-${++this.clerks}`;
    const end = this.net.makeEnd(name, { to: SERVER });
    const env = this.sim.env(name);
    const judged = new JudgedClerk(name, this.failRun, end, env, this.impl);
    return this.options.forensics ? { clerk: journaled(judged.clerk, end, env, this.journal), end, env } : judged;
  }

  countOperation(): void {
    this.net.countOperation();
  }

  /** Deletes the clerk's end and forgets its env: a deleted clerk leaves nothing in the lab. */
  deleteClerk(ck: WorldClerk): void {
    this.net.deleteEnd(ck.end.name);
    this.sim.dropEnv(ck.end.name); // the clerk's env has its end's name (makeClerk)
  }

  makeLock(ck: WorldClerk, name: string): Lock {
    if (!this.impl.createLock) this.fatal("the implementation has no createLock");
    return this.impl.createLock(ck.clerk, name, ck.env);
  }

  /** Fails the test with the lab's kind of message; the run ends at once. */
  fatal(message: string, reason?: FailureReason): never {
    throw new LabFailure(message, reason);
  }

  /**
   * Starts client `me` as the task "client-me" with a fresh clerk, and resolves with what its body
   * returns. A client that throws fails its task, which ends the run at once (its promise stays
   * pending, so nothing waits on a rejection nobody handles).
   */
  spawnClient<R>(me: number, body: (ck: SimulatedClerk) => Promise<R>): Promise<R> {
    return new Promise<R>((resolve) => {
      this.sim.spawn(`client-${me}`, async () => {
        const ck = this.makeClerk();
        resolve(await body(ck));
        this.deleteClerk(ck);
      });
    });
  }
}

/** The simulated world behind a test, for a test that needs faults or the server object. */
export function simulated(t: KvWorld): SimulatedKvWorld {
  if (!(t instanceof SimulatedKvWorld)) throw new Error("this test runs only on the simulated network");
  return t;
}
