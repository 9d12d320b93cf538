import type { ClientEnd } from "../../../labnet/index.js";
import type { KVImplementation, Lock } from "../../labs/kv/index.js";
import { ClerkJudge } from "../../labs/kv/clerk-judge.js";
import { LabFailure } from "../failure.js";
import { KvRecorder } from "../../labs/kv/history.js";
import type { KvWorld, WorldClerk } from "../../labs/kv/world.js";
import type { NamedEnd } from "../lab.js";
import { RunNotes } from "../run-notes.js";
import { realTimeEnv, TcpClientEnd } from "../../real/client/index.js";
import type { Address } from "../../real/protocol/index.js";

/**
 * A suite test's world against a real kvs-server, in real time: each clerk gets its own TCP
 * connection, and every key is put under a namespace of this run, since the suites expect a fresh
 * server and a real one keeps what earlier runs wrote.
 */
export class TcpWorld implements KvWorld {
  readonly reliable = true;
  readonly history: KvRecorder;
  readonly notes = new RunNotes();
  operations = 0;
  /** Calls the clerks made, resends included. */
  rpcs = 0;
  private clerks = 0;
  private readonly ends = new Map<string, TcpClientEnd>();
  /** Calls sent and not yet returned, when one last got a reply, and whether the run is over. */
  private waiting = 0;
  private heardMs = performance.now();
  private closed = false;

  constructor(
    private readonly impl: KVImplementation,
    private readonly address: Address,
    private readonly namespace: string,
    readonly options: { readonly checkSteps?: number } = {},
  ) {
    const start = performance.now();
    this.history = new KvRecorder(() => performance.now() - start);
  }

  makeClerk(): WorldClerk {
    const name = `clerk-${++this.clerks}`;
    const tcp = new TcpClientEnd(this.address);
    this.ends.set(name, tcp);
    const end = this.namespaced(name, tcp);
    // Every answer is judged against the RPCs its call sent and the replies they got, as in a simulation.
    const judge = new ClerkJudge(name, this.fatal);
    return { clerk: judge.judged(this.impl.createClerk(judge.watch(end), realTimeEnv)), end, env: realTimeEnv };
  }

  deleteClerk(ck: WorldClerk): void {
    void this.ends.get(ck.end.name)?.close();
    this.ends.delete(ck.end.name);
  }

  makeLock(ck: WorldClerk, name: string): Lock {
    if (!this.impl.createLock) this.fatal("the implementation has no createLock");
    return this.impl.createLock(ck.clerk, name, ck.env);
  }

  /** Fails the test: throws the lab's failure (bound, so a clerk judge can call it too). */
  readonly fatal: (message: string) => never = (message) => {
    throw new LabFailure(message);
  };

  countOperation(): void {
    this.operations++;
  }

  async spawnClient<R>(_me: number, body: (ck: WorldClerk) => Promise<R>): Promise<R> {
    const ck = this.makeClerk();
    try {
      return await body(ck);
    } finally {
      this.deleteClerk(ck);
    }
  }

  // `end` with every key argument put under the run's namespace, counting the calls. Once the
  // run is over, a call never returns: a clerk that is still resending then waits, quietly.
  private namespaced(name: string, end: ClientEnd): NamedEnd {
    return {
      name,
      call: async <A, R>(method: string, args: A) => {
        if (this.closed) return new Promise<never>(() => {});
        this.rpcs++;
        // Quiet time counts from when a call began waiting: idle time before it is no silence.
        if (this.waiting++ === 0) this.heardMs = performance.now();
        try {
          const reply = await end.call<A, R>(method, { ...args, key: `${this.namespace}${(args as { key: string }).key}` });
          if (reply !== undefined) this.heardMs = performance.now();
          return reply;
        } finally {
          this.waiting--;
        }
      },
    };
  }

  /**
   * Resolves with a one-line reason once calls have been waiting `ms` with no reply from the
   * server (it stopped answering), checking every `ms / 4`; `stop` ends the watch.
   */
  silence(ms: number): { said: Promise<string>; stop: () => void } {
    let timer: NodeJS.Timeout | undefined;
    const said = new Promise<string>((resolve) => {
      timer = setInterval(() => {
        const quiet = performance.now() - this.heardMs;
        if (this.waiting > 0 && quiet >= ms) resolve(`the kvs-server stopped answering: no reply for ${(quiet / 1000).toFixed(1)}s with ${this.waiting} call(s) waiting`);
      }, ms / 4);
    });
    return { said, stop: () => clearInterval(timer) };
  }

  /** Ends the run: closes every connection still open, and no call is sent from now on. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.ends.values()].map((end) => end.close()));
    this.ends.clear();
  }
}
