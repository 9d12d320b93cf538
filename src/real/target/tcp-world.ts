import type { ClientEnd } from "../../../labnet/index.js";
import type { KVImplementation, Lock } from "../../kv/index.js";
import { LabFailure } from "../../lab/failure.js";
import { KvRecorder } from "../../lab/history.js";
import type { LabWorld, NamedEnd, WorldClerk } from "../../lab/world.js";
import { realTimeEnv, TcpClientEnd } from "../client/index.js";
import type { Address } from "../protocol/index.js";

/**
 * A suite test's world against a real kvs-server, in real time: each clerk gets its own TCP
 * connection, and every key is put under a namespace of this run, since the suites expect a fresh
 * server and a real one keeps what earlier runs wrote.
 */
export class TcpWorld implements LabWorld {
  readonly reliable = true;
  readonly history: KvRecorder;
  readonly info: string[] = [];
  operations = 0;
  /** Calls the clerks made, resends included. */
  rpcs = 0;
  private clerks = 0;
  private readonly ends = new Map<string, TcpClientEnd>();

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
    return { clerk: this.impl.createClerk(end, realTimeEnv), end, env: realTimeEnv };
  }

  deleteClerk(ck: WorldClerk): void {
    void this.ends.get(ck.end.name)?.close();
    this.ends.delete(ck.end.name);
  }

  makeLock(ck: WorldClerk, name: string): Lock {
    if (!this.impl.createLock) this.fatal("the implementation has no createLock");
    return this.impl.createLock(ck.clerk, name, ck.env);
  }

  fatal(message: string): never {
    throw new LabFailure(message);
  }

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

  // `end` with every key argument put under the run's namespace, counting the calls.
  private namespaced(name: string, end: ClientEnd): NamedEnd {
    return {
      name,
      call: <A, R>(method: string, args: A) => {
        this.rpcs++;
        return end.call<A, R>(method, { ...args, key: `${this.namespace}${(args as { key: string }).key}` });
      },
    };
  }

  /** Closes every connection still open. */
  async close(): Promise<void> {
    await Promise.all([...this.ends.values()].map((end) => end.close()));
    this.ends.clear();
  }
}
