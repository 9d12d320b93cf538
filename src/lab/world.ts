import type { ClientEnd, LabEnv } from "../../labnet/index.js";
import type { Clerk, Lock } from "../kv/index.js";
import type { KvRecorder } from "./history.js";

/** A client end with a name: a simulated labnet End, or a TCP end to a real server. */
export interface NamedEnd extends ClientEnd {
  readonly name: string;
}

/** A clerk made for one test client, with the end it talks through and its environment. */
export interface WorldClerk {
  clerk: Clerk;
  end: NamedEnd;
  env: LabEnv;
}

/**
 * What a suite test's body works with: clerks, client tasks, the history and failure. `LabTest`
 * provides it on the simulated network, in virtual time; `kvlab test --target` provides it against
 * a real server, in real time. A test that needs more of the simulation (faults, the server
 * object) asks for it with `simulated(t)` and is marked `needsSimulation`.
 */
export interface LabWorld {
  readonly reliable: boolean;
  readonly history: KvRecorder;
  /** Lines such as "info: linearizability check …" that the report prints after the test. */
  readonly info: string[];
  readonly options: { readonly checkSteps?: number };
  makeClerk(): WorldClerk;
  deleteClerk(ck: WorldClerk): void;
  makeLock(ck: WorldClerk, name: string): Lock;
  /** Fails the test with the lab's kind of message. */
  fatal(message: string): never;
  /** Counts one clerk operation for the report. */
  countOperation(): void;
  /** Runs `n` clients for `durationMs`, then `done()` turns true; resolves with what each returned. */
  spawnClientsAndWait<R>(tester: LabEnv, n: number, durationMs: number, body: (me: number, ck: WorldClerk, done: () => boolean) => Promise<R>): Promise<R[]>;
  /** Runs one client with a fresh clerk; resolves with what its body returns. */
  spawnClient<R>(me: number, body: (ck: WorldClerk) => Promise<R>): Promise<R>;
}
