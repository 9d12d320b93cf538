import { check, kvModel } from "../../../check/index.js";
import { LINEARIZABILITY_STEPS } from "../../../harness/index.js";
import { KvRecorder } from "../../kv/index.js";
import type { Err, GetReply } from "../contract.js";
import type { KvRaftClerk } from "./fixture.js";
import { RsmWorld } from "./rsm-world.js";

/** The course's kvtest ElectionTimeout. */
export const ELECTION_TIMEOUT = 1000;

/** One linearizability check of a run: how many operations, and its wall time (for the bench). */
export interface CheckedHistory {
  operations: number;
  wallMs: number;
}

/**
 * One kvraft or rsm test's world: the fixture, the rsm helpers, and the kv tests' recording of
 * clerk calls, the Porcupine check of the cumulative history with the KV model, and the
 * Partitioner.
 */
export class KvRaftWorld extends RsmWorld {
  readonly history = new KvRecorder(() => this.sim.now());
  /** Every linearizability check this run made, in order. */
  readonly checks: CheckedHistory[] = [];

  /** A recorded Get through `ck` as client `cli` (the course's ts.Get and GetJson's Get), counted as an operation. */
  async get(ck: KvRaftClerk, key: string, cli: number): Promise<GetReply> {
    const reply = await this.history.record(cli, { op: "get", key }, async () => {
      this.forensics?.beginCall(ck.name, { op: "get", key });
      const { value, version, err } = await ck.clerk.get(key);
      return { value, version, err };
    }, ck.name);
    this.net.countOperation();
    return reply as GetReply;
  }

  /** A recorded Put through `ck` as client `cli` (the course's ts.Put and PutJson's Put), counted as an operation. */
  async put(ck: KvRaftClerk, key: string, value: string, version: number, cli: number): Promise<Err> {
    const reply = await this.history.record(cli, { op: "put", key, value, version }, async () => {
      this.forensics?.beginCall(ck.name, { op: "put", key, value, version });
      return { err: await ck.clerk.put(key, value, version) };
    }, ck.name);
    this.net.countOperation();
    return reply.err as Err;
  }

  /**
   * The course's CheckPorcupine: the whole history so far under the KV model, within the run's step
   * budget. Illegal fails the test; unknown (out of budget) passes with the course's info line.
   */
  checkPorcupine(): void {
    const started = performance.now();
    const result = check(this.history.operations, kvModel, { steps: this.options.checkSteps ?? LINEARIZABILITY_STEPS });
    this.checks.push({ operations: this.history.operations.length, wallMs: performance.now() - started });
    if (result.verdict === "illegal") this.fatal("history is not linearizable", { kind: "linearizability" });
    if (result.verdict === "unknown") this.notes.checkOutOfBudget();
  }

  /**
   * The course's Partitioner, started: until stopped, each round puts every server on one side or
   * the other by a fair coin, partitions them so, and sleeps ElectionTimeout + 0–199 ms. `stop`
   * resolves once the round under way has ended (the stop is seen only between rounds).
   */
  partitioner(): { stop(): Promise<void> } {
    let stopping = false;
    const done = this.spawn("partitioner", async () => {
      while (!stopping) {
        const sides: number[][] = [[], []];
        for (let i = 0; i < this.n; i++) sides[this.randInt(2)]!.push(i);
        this.partition(sides[0]!, sides[1]!);
        await this.sleep(ELECTION_TIMEOUT + this.randInt(200));
      }
    });
    return {
      stop: () => {
        stopping = true;
        return done;
      },
    };
  }
}
