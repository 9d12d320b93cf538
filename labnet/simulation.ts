import { type AmbientUse, installAmbient, realSetImmediate, uninstallAmbient, ambientUses } from "./ambient.js";
import type { LabEnv } from "./env.js";
import { DeadlockError, SimulationError, TaskFailedError, TimeLimitError, TraceLimitError } from "./errors.js";
import { EventQueue } from "./event-queue.js";
import { setRunInProgress } from "./diagnostics/index.js";
import { SeedTree, nameKey, mixKey2 } from "./rng.js";
import { Trace, type Labelled, type TraceKind } from "./trace.js";

/** What a run is made of besides its tasks: the seed, a time limit, and whether to keep events. */
export interface SimulationOptions {
  /** The run's seed: with the same code and scenario, the same seed gives the same trace. */
  seed: number | string;
  /** Virtual time after which the run fails as a livelock or hang (default 120 s). */
  timeLimitMs?: number;
  /** Keep every trace event, not only the trace hash (for replay, diffs and viewers). */
  trace?: boolean;
}

/** How a task takes part in a run. */
export interface SpawnOptions {
  /** A daemon (e.g. a server's background loop) does not keep the run going; a client task does. */
  daemon?: boolean;
}

/** Where a run may stop early, to inject a fault and go on. */
export interface RunOptions {
  /** Stop once virtual time would pass this instant (ms), even if tasks are still running. */
  untilMs?: number;
}

/** How a run ended. */
export interface RunResult {
  /** Virtual time at the end, in milliseconds. */
  timeMs: number;
  /** True when every client task finished; false when `untilMs` stopped the run first. */
  finished: boolean;
  /** 16 hex digits identifying the run so far. */
  traceHash: string;
  events: number;
  /** Ambient time, randomness or real timers that user code reached for (see ambient.ts). */
  ambient: AmbientUse[];
}

interface Task {
  name: string;
  daemon: boolean;
  done: boolean;
}

/** Events that happen at one instant before the run counts as a livelock (time stands still). */
const MAX_EVENTS_PER_INSTANT = 1_000_000;
/**
 * The run loop processes one event per setImmediate callback: Node drains every microtask between
 * two callbacks, so all code woken by an event runs to its next wait before the clock moves.
 * Queuing the callbacks in batches lets them run in one event-loop turn (~20× faster than chaining).
 */
const IMMEDIATES_PER_BATCH = 256;

/**
 * The virtual clock, the event queue and the tasks of one deterministic run.
 *
 * @example
 * const sim = new Simulation({ seed: 1 });
 * sim.spawn("client-1", async (env) => {
 *   await env.sleep(250);
 *   console.log(env.now()); // 250
 * });
 * const result = await sim.run(); // { timeMs: 250, finished: true, traceHash: "…", … }
 */
export class Simulation {
  readonly seeds: SeedTree;
  readonly trace: Trace;
  private readonly queue = new EventQueue();
  private readonly tasks = new Map<string, Task>();
  private readonly envs = new Map<string, ActorEnv>();
  private readonly timeLimit: number;
  private readonly ambientRandom: () => number;
  private clock = 0;
  private eventsThisInstant = 0;
  private clientTasks = 0;
  private clientTasksLeft = 0;
  private failure: Error | undefined;
  private running = false;
  /** While running: ends the run with an outcome, at once. */
  private stopRun: ((outcome: Error) => void) | undefined;
  /** now(), bound once: every actor's env.now is this one function. */
  private readonly boundNow = (): number => this.now();

  constructor(options: SimulationOptions) {
    this.seeds = new SeedTree(options.seed);
    this.trace = new Trace(options.trace ?? false);
    this.timeLimit = Math.round((options.timeLimitMs ?? 120_000) * 1000);
    this.ambientRandom = this.seeds.stream("ambient/Math.random");
  }

  /** Virtual milliseconds since the run began. */
  now(): number {
    return this.clock / 1000;
  }

  /** Virtual microseconds since the run began: the clock's real resolution. */
  get micros(): number {
    return this.clock;
  }

  /**
   * Runs `fire` `delayMicros` from now. `key` identifies the event; with the seed it decides the
   * order among events due at the same instant.
   */
  schedule(delayMicros: number, key: number, fire: () => void): void {
    this.queue.push(this.clock + delayMicros, mixKey2(this.seeds.key, key), fire);
  }

  /** Records a trace event at the current instant. */
  record(kind: TraceKind, key: number, subject: string | Labelled, detail?: string, size?: number): void {
    this.trace.add(kind, this.clock, key, subject, detail, size);
  }

  /**
   * With `trace`, fails the run (TraceLimitError) once it would keep more than `events` events, so
   * that recording a run that never settles (a storm of RPCs) cannot use up the process's memory.
   */
  limitTrace(events: number): void {
    // Checked where the trace keeps an event, so a run that keeps none (sweeps, benchmarks) pays nothing.
    this.trace.keepAtMost(events, () => this.fail(new TraceLimitError(events)));
  }

  /** Ends the run at once with `error` (e.g. a server handler broke the RPC contract). */
  fail(error: Error): void {
    this.failure ??= error;
  }

  /**
   * Ends a running run from outside (say a test runner gave up on it): `run()` rejects with
   * `error`, no further event fires, and the thread is free for another simulation as soon as this
   * returns. On a simulation that is not running it records `error` as the failure (unless one is
   * already recorded), so the next `run()` rejects with it at its first step: a run aborted before
   * it began never runs.
   */
  abort(error: Error): void {
    this.fail(error);
    this.stopRun?.(this.failure!);
  }

  /** The LabEnv of the actor `name` (a task, a server incarnation): its own sleeps and random stream. */
  env(name: string): LabEnv {
    let env = this.envs.get(name);
    if (!env) {
      env = new ActorEnv(this, name, this.boundNow);
      this.envs.set(name, env);
    }
    return env;
  }

  /**
   * Forgets the LabEnv of an actor that is gone for good (a deleted clerk), so a run that makes
   * 100,000 short-lived actors does not hold an env for each. The name must not be used again:
   * its env would start over, repeating its draws.
   */
  dropEnv(name: string): void {
    this.envs.delete(name);
  }

  /**
   * Starts `body` as a task named `name` at the current instant (tasks spawned together start in
   * seeded order). The run lasts until every non-daemon task has finished; a task that throws
   * ends the run at once.
   */
  spawn(name: string, body: (env: LabEnv) => unknown, options: SpawnOptions = {}): void {
    if (this.tasks.has(name)) throw new Error(`a task named "${name}" already exists; task names must be unique`);
    const task: Task = { name, daemon: options.daemon ?? false, done: false };
    this.tasks.set(name, task);
    if (!task.daemon) {
      this.clientTasks++;
      this.clientTasksLeft++;
    }
    const key = nameKey(name);
    this.schedule(0, key, () => {
      this.record("spawn", key, name);
      const settle = (error?: unknown) => {
        if (error !== undefined) this.fail(new TaskFailedError(name, this.now(), error));
        task.done = true;
        if (!task.daemon) this.clientTasksLeft--;
        this.record("finish", key, name, error === undefined ? "" : "failed");
      };
      try {
        Promise.resolve(body(this.env(name))).then(() => settle(), (error: unknown) => settle(error ?? "rejected"));
      } catch (error) {
        settle(error ?? "threw");
      }
    });
  }

  /**
   * Runs events in time order until every client task has finished (or, with no client task, until
   * no event is pending), or until `untilMs`. Rejects with DeadlockError, TimeLimitError or
   * TaskFailedError. A simulation may run again after a run ends, e.g. to inject a fault and go on.
   */
  run(options: RunOptions = {}): Promise<RunResult> {
    if (this.running) return Promise.reject(new Error("this Simulation is already running"));
    const until = options.untilMs === undefined ? Infinity : Math.round(options.untilMs * 1000);
    this.running = true;
    installAmbient({ nowMs: () => this.now(), random: this.ambientRandom });
    // A rejection nobody handled while it runs is this run's (see failRunningSimulation).
    setRunInProgress((reason) => this.fail(new TaskFailedError("a promise nobody awaited", this.now(), reason)));
    return new Promise<RunResult>((resolve, reject) => {
      let live = true;
      let remaining = 0;
      const finish = (outcome: "done" | "paused" | Error) => {
        live = false;
        this.running = false;
        setRunInProgress(undefined);
        this.stopRun = undefined;
        const ambient = uninstallAmbient();
        if (outcome instanceof Error) {
          if (outcome instanceof SimulationError) outcome.ambient = ambient;
          reject(outcome);
        }
        else resolve({ timeMs: this.now(), finished: outcome === "done", traceHash: this.trace.hash, events: this.trace.count, ambient });
      };
      this.stopRun = finish;
      const step = () => {
        if (!live) return;
        const outcome = this.step(until);
        if (outcome !== "continue") return finish(outcome);
        if (--remaining === 0) refill();
      };
      const refill = () => {
        remaining = IMMEDIATES_PER_BATCH;
        for (let i = 0; i < IMMEDIATES_PER_BATCH; i++) realSetImmediate(step);
      };
      refill();
    });
  }

  /** Fires the next event, or says why the run is over. */
  private step(until: number): "continue" | "done" | "paused" | Error {
    if (this.failure) return this.failure;
    if (this.clientTasks > 0 && this.clientTasksLeft === 0) return "done";
    const time = this.queue.peekTime();
    if (time === undefined) return this.clientTasksLeft > 0 ? this.deadlock() : "done";
    if (time > until) {
      this.clock = Math.max(this.clock, until);
      return "paused";
    }
    if (time > this.timeLimit) {
      return new TimeLimitError(
        `virtual time limit of ${this.timeLimit / 1000}ms reached with tasks still running: ${this.unfinished().join(", ")} (a livelock, or a loop that never ends)`,
        this.unfinished(),
      );
    }
    if (time === this.clock) {
      if (++this.eventsThisInstant > MAX_EVENTS_PER_INSTANT) {
        return new TimeLimitError(
          `time stands still: over ${MAX_EVENTS_PER_INSTANT} events at ${this.now()}ms (a loop that waits zero time); running: ${this.unfinished().join(", ")}`,
          this.unfinished(),
        );
      }
    } else {
      this.eventsThisInstant = 0;
      this.clock = time;
    }
    this.queue.pop()!.fire();
    return "continue";
  }

  private unfinished(): string[] {
    return [...this.tasks.values()].filter((task) => !task.done && !task.daemon).map((task) => task.name);
  }

  private deadlock(): DeadlockError {
    const waiting = this.unfinished();
    const timers = ambientUses().filter((use) => use.api.startsWith("set"));
    const hint = timers.length
      ? ` Real timers were set during the run (they are invisible to the simulation; use env.sleep): ${timers.map((use) => `${use.api} at ${use.site}`).join(", ")}.`
      : " They wait on a promise that no simulated event will ever resolve.";
    return new DeadlockError(`deadlock at ${this.now()}ms: no event is pending, but ${waiting.join(", ")} never finished.${hint}`, waiting);
  }
}

/**
 * One actor's LabEnv. Its random stream is built on first use: many actors (say 100,000 clerks)
 * never draw, and building a seeded generator costs microseconds.
 */
class ActorEnv implements LabEnv {
  private readonly key: number;
  private sleeps = 0;
  private stream: (() => number) | undefined;

  constructor(
    private readonly sim: Simulation,
    private readonly name: string,
    /** The simulation's clock, the same for every actor: one function, not one per env. */
    readonly now: () => number,
  ) {
    this.key = nameKey(name);
    // Own properties, bound once, so user code may pass env.sleep or env.random around as plain
    // functions, or spread the env into an object of its own.
    this.random = this.random.bind(this);
    this.sleep = this.sleep.bind(this);
  }

  random(): number {
    this.stream ??= this.sim.seeds.stream(`env/${this.name}`);
    return this.stream();
  }

  sleep(ms: number): Promise<void> {
    if (!(ms >= 0 && Number.isFinite(ms))) {
      return Promise.reject(new RangeError(`${this.name}: sleep(${ms}): the duration must be a finite number ≥ 0`));
    }
    const key = mixKey2(this.key, ++this.sleeps);
    return new Promise<void>((wake) =>
      this.sim.schedule(Math.round(ms * 1000), key, () => {
        this.sim.record("timer", key, this.name, `${ms}ms`);
        wake();
      }),
    );
  }
}
