import { LabFailure, RunNotes, type FailureReason, type NamedEnd, type RealConnection, type RealWorld } from "../../harness/index.js";
import { ClerkJudge } from "./clerk-judge.js";
import type { KVImplementation, Lock } from "./contract.js";
import { KvRecorder } from "./history.js";
import type { KvWorld, WorldClerk } from "./world.js";

/**
 * A suite test's world against a real kvs-server, in real time (`kvlab test --target`): each
 * clerk talks through a connection of its own, and every key is put under the run's namespace,
 * since the suites expect a fresh server and a real one keeps what earlier runs wrote. The
 * connections are the harness's: it counts their calls, watches for silence and closes them.
 */
export class RealKvWorld implements KvWorld, RealWorld {
  readonly reliable = true;
  readonly history: KvRecorder;
  readonly notes = new RunNotes();
  readonly options: { readonly checkSteps?: number };
  operations = 0;
  private clerks = 0;

  constructor(
    private readonly impl: KVImplementation,
    private readonly connection: RealConnection,
  ) {
    this.options = connection.checkSteps === undefined ? {} : { checkSteps: connection.checkSteps };
    const start = connection.env.now();
    this.history = new KvRecorder(() => connection.env.now() - start);
  }

  makeClerk(): WorldClerk {
    const name = `clerk-${++this.clerks}`;
    const end = namespaced(this.connection.connect(name), this.connection.namespace);
    const { env } = this.connection;
    // Every answer is judged against the RPCs its call sent and the replies they got, as in a simulation.
    const judge = new ClerkJudge(name, this.fatal);
    return { clerk: judge.judged(this.impl.createClerk(judge.watch(end), env)), end, env };
  }

  /** Nothing to do: the clerk's connection is the harness's, closed when the run ends. */
  deleteClerk(): void {}

  makeLock(ck: WorldClerk, name: string): Lock {
    if (!this.impl.createLock) this.fatal("the implementation has no createLock");
    return this.impl.createLock(ck.clerk, name, ck.env);
  }

  /** Fails the test: throws the lab's failure (bound, so a clerk judge can call it too). */
  readonly fatal: (message: string, reason?: FailureReason) => never = (message, reason) => {
    throw new LabFailure(message, reason);
  };

  countOperation(): void {
    this.operations++;
  }

  async spawnClient<R>(_me: number, body: (ck: WorldClerk) => Promise<R>): Promise<R> {
    return body(this.makeClerk());
  }
}

/** `end` with every call's `key` argument put under `namespace`: what the server sees, not what the clerk asked. */
export function namespaced(end: NamedEnd, namespace: string): NamedEnd {
  return {
    name: end.name,
    call: <A, R>(method: string, args: A) => end.call<A, R>(method, { ...args, key: `${namespace}${(args as { key: string }).key}` }),
  };
}
