import type { LabEnv } from "../../../labnet/index.js";
import type { Clerk, Lock } from "./contract.js";
import type { FailureReason, NamedEnd, RunNotes } from "../../harness/index.js";
import type { KvRecorder } from "./history.js";

/** A clerk made for one test client, with the end it talks through and its environment. */
export interface WorldClerk {
  clerk: Clerk;
  end: NamedEnd;
  env: LabEnv;
}

/**
 * What a suite test's body works with: clerks, client tasks, the history and failure. `SimulatedKvWorld`
 * provides it on the simulated network, in virtual time; `kvlab test --target` provides it against
 * a real server, in real time. A test that needs more of the simulation (faults, the server
 * object) asks for it with `simulated(t)` and is marked `needsSimulation`.
 */
export interface KvWorld {
  readonly reliable: boolean;
  readonly history: KvRecorder;
  /** Info lines and typed outcomes (a linearizability check out of budget) the report carries. */
  readonly notes: RunNotes;
  readonly options: { readonly checkSteps?: number };
  makeClerk(): WorldClerk;
  deleteClerk(ck: WorldClerk): void;
  makeLock(ck: WorldClerk, name: string): Lock;
  /** Fails the test with the lab's kind of message, and what kind of failure it is when the lab acts on that. */
  fatal(message: string, reason?: FailureReason): never;
  /** Counts one clerk operation for the report. */
  countOperation(): void;
  /** Runs one client with a fresh clerk; resolves with what its body returns. */
  spawnClient<R>(me: number, body: (ck: WorldClerk) => Promise<R>): Promise<R>;
}

/**
 * Runs `n` clients, each with a fresh clerk, for `durationMs` (virtual or real, as the world's
 * time is): then `done()` turns true, and each client finishes its current step and returns.
 * A client that fails ends the wait at once: in a simulation its task ends the run, against a
 * real server its rejection does.
 */
export async function spawnClientsAndWait<R>(
  world: KvWorld,
  tester: LabEnv,
  n: number,
  durationMs: number,
  body: (me: number, ck: WorldClerk, done: () => boolean) => Promise<R>,
): Promise<R[]> {
  let finished = false;
  const results = Promise.all(Array.from({ length: n }, (_, me) => world.spawnClient(me, (ck) => body(me, ck, () => finished))));
  try {
    await Promise.race([tester.sleep(durationMs), results]);
  } finally {
    finished = true;
  }
  return results;
}
