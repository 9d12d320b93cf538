import { Network, Server, Simulation, compose, profiles } from "../../../labnet/index.js";
import { check, type Operation } from "../../../src/check/index.js";
import { LabFailure, RunNotes, type FailureReason, type SimulatedWorld, type WorldOptions } from "../../../src/harness/index.js";
import type { CounterClient, CounterImplementation } from "./contract.js";
import { counterModel, type CounterInput, type CounterOutput } from "./model.js";

/** The counter server's name on the simulated network. */
export const COUNTER = "counter";

/** The unreliable network of the counter lab: lost requests and replies, and duplicated requests, which only at-most-once increments survive. */
const UNRELIABLE = compose(profiles.unreliable, profiles.duplicating);

/**
 * One counter test's world: a simulation, a network with one counter server built from the
 * implementation, clients whose every call is recorded, and the linearizability check of what
 * they saw.
 */
export class CounterWorld implements SimulatedWorld {
  readonly sim: Simulation;
  readonly net: Network;
  readonly notes = new RunNotes();
  readonly peers = 1;
  readonly history: Operation<CounterInput, CounterOutput>[] = [];
  private clients = 0;
  private tasks = 0;

  constructor(
    private readonly impl: CounterImplementation,
    private readonly options: WorldOptions,
  ) {
    this.sim = new Simulation({ seed: options.seed, trace: options.trace ?? false, timeLimitMs: options.timeLimitMs ?? 120_000 });
    this.net = new Network(this.sim, options.network ?? (options.reliable ? profiles.reliable : UNRELIABLE));
    this.net.addServer(COUNTER, ({ env }) => Server.of(impl.createServer(env)));
  }

  /** A fresh client on a fresh end; its calls go into the history. */
  makeClient(): CounterClient {
    const name = `client-${++this.clients}`;
    const client = this.impl.createClient(this.net.makeEnd(name, { to: COUNTER }), this.sim.env(name), name);
    const recorded = async (input: CounterInput, call: () => Promise<number>) => {
      const operation: Operation<CounterInput, CounterOutput> = { client: name, call: this.sim.now(), input };
      this.history.push(operation);
      this.net.countOperation();
      const value = await call();
      Object.assign(operation, { return: this.sim.now(), output: { value } });
      return value;
    };
    return { increment: () => recorded({ op: "increment" }, () => client.increment()), get: () => recorded({ op: "get" }, () => client.get()) };
  }

  /** Runs `body` with a fresh client as the task "task-N" and resolves with what it returns (a task that throws ends the run). */
  spawnClient<R>(body: (client: CounterClient) => Promise<R>): Promise<R> {
    return new Promise<R>((resolve) => this.sim.spawn(`task-${++this.tasks}`, async () => resolve(await body(this.makeClient()))));
  }

  /** Fails the test with the lab's Fatal text, and what kind of failure it is when the harness may act on it. */
  fatal(message: string, reason?: FailureReason): never {
    throw new LabFailure(message, reason);
  }

  /** Fails the test unless the history is linearizable; a check out of budget passes, noted. */
  checkHistory(): void {
    const result = check(this.history, counterModel, this.options.checkSteps === undefined ? {} : { steps: this.options.checkSteps });
    if (result.verdict === "illegal") this.fatal(`the history of ${this.history.length} operations is not linearizable`, { kind: "linearizability" });
    if (result.verdict === "unknown") this.notes.checkOutOfBudget();
  }
}
