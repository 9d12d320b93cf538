import { describe, expect, it } from "vitest";
import { type LabEnv, Persister, Simulation } from "../../../../labnet/index.js";
import type { SubmitResult } from "../../../../src/labs/kvraft/contract.js";
import { LEADERSHIP_CHECK_MS, type Op, ReferenceRsm, decodeRsmSnapshot, encodeRsmSnapshot } from "../../../../src/labs/kvraft/reference/index.js";
import type { RaftState } from "../../../../src/labs/raft/contract.js";
import { Counter, RsmGroup } from "./group.js";
import { type HandRaft, handRaft } from "./hand-raft.js";

const INC = { kind: "Inc" };
const NULL = { kind: "Null" };
const DEC = { kind: "Dec" };

/** Waits until every listed server's counter is `value`, for up to 10 s; false if it never is. */
async function countersReach(group: RsmGroup, env: { sleep(ms: number): Promise<void> }, value: number, servers: number[]): Promise<boolean> {
  for (let waited = 0; waited < 10_000; waited += 20) {
    if (servers.every((i) => group.counter(i) === value)) return true;
    await env.sleep(20);
  }
  return false;
}

describe("ReferenceRsm", () => {
  it("applies what the leader submits on every server, in the same order, and answers doOp's result", async () => {
    const group = new RsmGroup({ seed: 1 });
    await group.run(async (env) => {
      for (let i = 1; i <= 10; i++) expect(await group.submitUntilOk(env, i % 3 === 0 ? NULL : INC)).toEqual(i % 3 === 0 ? { kind: "NullRep" } : { kind: "IncRep", n: i - Math.floor(i / 3) });
      expect(await countersReach(group, env, 7, [0, 1, 2])).toBe(true);
      const applied = group.services.map((service) => service!.counter.applied);
      expect(applied[0]).toHaveLength(10);
      expect(applied[1]).toEqual(applied[0]);
      expect(applied[2]).toEqual(applied[0]);
    });
  });

  it("answers ErrWrongLeader at once on a server that does not lead, and applies nothing for it", async () => {
    const group = new RsmGroup({ seed: 2 });
    await group.run(async (env) => {
      const leader = await group.awaitLeader(env);
      const follower = (leader + 1) % 3;
      const startedAt = env.now();
      expect(await group.services[follower]!.rsm.submit(DEC)).toEqual({ err: "ErrWrongLeader" });
      expect(env.now()).toBe(startedAt);
      await group.submitUntilOk(env, INC);
      expect(await countersReach(group, env, 1, [0, 1, 2])).toBe(true);
    });
    for (const service of group.services) expect(service!.counter.errors).toEqual([]);
  });

  it("keeps a partitioned leader's submits waiting while the majority commits, then answers them ErrWrongLeader after the heal", async () => {
    const group = new RsmGroup({ seed: 3 });
    await group.run(async (env) => {
      await group.submitUntilOk(env, INC);
      const leader = group.leader();
      const majority = [0, 1, 2].filter((i) => i !== leader);
      group.partition(majority, [leader]);
      const results: SubmitResult[] = [];
      for (let i = 0; i < 20; i++) void group.services[leader]!.rsm.submit(DEC).then((result) => results.push(result));
      await env.sleep(10);
      expect(await group.submitUntilOk(env, INC, majority)).toEqual({ kind: "IncRep", n: 2 });
      await env.sleep(1000);
      expect(results).toEqual([]);
      group.connectAll();
      await env.sleep(1000);
      expect(results).toHaveLength(20);
      expect(new Set(results.map((result) => result.err))).toEqual(new Set(["ErrWrongLeader"]));
      expect(await countersReach(group, env, 2, [0, 1, 2])).toBe(true);
    });
    for (const service of group.services) expect(service!.counter.errors).toEqual([]);
  });

  it("answers every pending submit ErrWrongLeader when its Raft peer is killed, and later ones at once", async () => {
    const group = new RsmGroup({ seed: 4 });
    await group.run(async (env) => {
      await group.submitUntilOk(env, INC);
      const leader = group.leader();
      const rsm = group.services[leader]!.rsm;
      group.partition([0, 1, 2].filter((i) => i !== leader), [leader]);
      const results: SubmitResult[] = [];
      for (let i = 0; i < 10; i++) void rsm.submit(NULL).then((result) => results.push(result));
      await env.sleep(100);
      expect(results).toEqual([]);
      group.crash(leader);
      await env.sleep(0);
      expect(results).toEqual(new Array(10).fill({ err: "ErrWrongLeader" }));
      expect(await rsm.submit(NULL)).toEqual({ err: "ErrWrongLeader" });
    });
  });

  it("replays the log after every server restarts: the counter comes back, and the next Inc is 11", async () => {
    const group = new RsmGroup({ seed: 5 });
    await group.run(async (env) => {
      for (let i = 0; i < 10; i++) await group.submitUntilOk(env, INC);
      for (let i = 0; i < 3; i++) group.crash(i);
      await env.sleep(1000);
      for (let i = 0; i < 3; i++) group.restart(i);
      expect(await group.submitUntilOk(env, INC)).toEqual({ kind: "IncRep", n: 11 });
      expect(await countersReach(group, env, 11, [0, 1, 2])).toBe(true);
    });
  });

  it("gives submits of a restarted server ids no earlier incarnation used", async () => {
    const group = new RsmGroup({ seed: 6 });
    await group.run(async (env) => {
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 5; i++) await group.submitUntilOk(env, NULL);
        for (let i = 0; i < 3; i++) group.crash(i);
        for (let i = 0; i < 3; i++) group.restart(i);
      }
      await group.submitUntilOk(env, NULL);
      const log = group.raft(0)!.inspect!().log;
      expect(log).toHaveLength(16);
      const ids = log.map((entry) => (entry.command as Op).id);
      expect(new Set(ids).size).toBe(16);
    });
  });

  it("snapshots once the Raft state reaches maxRaftState, trimming the log, and restarts from the snapshot and the log's tail", async () => {
    const group = new RsmGroup({ seed: 7, maxRaftState: 1000 });
    await group.run(async (env) => {
      for (let i = 0; i < 100; i++) {
        await group.submitUntilOk(env, INC);
        expect(group.logSize()).toBeLessThanOrEqual(2 * 1000);
      }
      expect(await countersReach(group, env, 100, [0, 1, 2])).toBe(true);
      expect(group.snapshotSize()).toBeGreaterThan(0);
      for (let i = 0; i < 3; i++) {
        expect(group.raft(i)!.inspect!().snapshotIndex).toBeGreaterThan(50);
        group.crash(i);
      }
      for (let i = 0; i < 3; i++) group.restart(i);
      expect(group.services.map((service) => service!.counter.counter).every((counter) => counter > 50)).toBe(true);
      expect(await group.submitUntilOk(env, INC)).toEqual({ kind: "IncRep", n: 101 });
      expect(await countersReach(group, env, 101, [0, 1, 2])).toBe(true);
    });
  });

  it("brings a server that missed what the others trimmed up to date from the leader's snapshot", async () => {
    const group = new RsmGroup({ seed: 8, maxRaftState: 1000 });
    await group.run(async (env) => {
      await group.submitUntilOk(env, INC);
      const leader = group.leader();
      const behind = (leader + 1) % 3;
      group.partition([0, 1, 2].filter((i) => i !== behind), [behind]);
      for (let i = 0; i < 50; i++) await group.submitUntilOk(env, INC);
      expect(group.counter(behind)).toBeLessThanOrEqual(1);
      expect(group.raft(leader)!.inspect!().snapshotIndex).toBeGreaterThan(2);
      group.connectAll();
      expect(await countersReach(group, env, 51, [behind])).toBe(true);
      expect(group.services[behind]!.counter.applied.length).toBeLessThan(51);
    });
  });

  it("never snapshots when maxRaftState is -1", async () => {
    const group = new RsmGroup({ seed: 9, maxRaftState: -1 });
    await group.run(async (env) => {
      for (let i = 0; i < 60; i++) await group.submitUntilOk(env, INC);
    });
    expect(group.snapshotSize()).toBe(0);
    expect(group.raft(0)!.inspect!().log).toHaveLength(60);
  });

  it("runs the same for the same seed, differently for another", async () => {
    const scenario = (seed: number) => {
      const group = new RsmGroup({ seed, reliable: false, maxRaftState: 500 });
      return group.run(async (env) => {
        for (let i = 0; i < 20; i++) await group.submitUntilOk(env, INC);
        group.crash(await group.awaitLeader(env));
        for (let i = 0; i < 5; i++) await group.submitUntilOk(env, INC);
      });
    };
    const first = await scenario(10);
    expect(await scenario(10)).toBe(first);
    expect(await scenario(11)).not.toBe(first);
  });
});

interface Rig {
  rsm: ReferenceRsm;
  raft: HandRaft;
  counter: Counter;
  persister: Persister;
  env: LabEnv;
}

/** Runs `body` with an rsm of `Kind` over a HandRaft, in virtual time. */
async function withRsm(body: (rig: Rig) => Promise<void>, options: { Kind?: typeof ReferenceRsm; maxRaftState?: number; persister?: Persister } = {}): Promise<void> {
  const sim = new Simulation({ seed: 1 });
  sim.spawn("test", async (env) => {
    const hand = handRaft();
    const counter = new Counter();
    const persister = options.persister ?? new Persister();
    const rsm = new (options.Kind ?? ReferenceRsm)([], 0, persister, options.maxRaftState ?? -1, counter, env, hand.impl);
    await body({ rsm, raft: hand.last(), counter, persister, env });
  });
  await sim.run();
}

/** The submit's answer once settled, or "pending". */
function track(submit: Promise<SubmitResult>): () => SubmitResult | "pending" {
  let answer: SubmitResult | "pending" = "pending";
  void submit.then((result) => (answer = result));
  return () => answer;
}

describe("ReferenceRsm on a Raft driven by hand", () => {
  it("answers a submit with doOp's result when its own Op is applied at its index", async () => {
    await withRsm(async ({ rsm, raft }) => {
      const answer = track(rsm.submit(INC));
      await raft.apply(1, raft.started[0]);
      expect(answer()).toEqual({ err: "OK", value: { kind: "IncRep", n: 1 } });
    });
  });

  it("hook answer: another Op at the index answers ErrWrongLeader (it is still applied); answering OK acknowledges what never happened", async () => {
    class AnswersAnyOp extends ReferenceRsm {
      protected override answer(_waiterId: string, _applied: Op, value: unknown): SubmitResult {
        return { err: "OK", value };
      }
    }
    for (const Kind of [ReferenceRsm, AnswersAnyOp]) {
      await withRsm(async ({ rsm, raft, counter }) => {
        const answer = track(rsm.submit({ kind: "Null" }));
        await raft.apply(1, { id: "another leader's", req: INC });
        expect(counter.counter).toBe(1);
        expect(answer()).toEqual(Kind === ReferenceRsm ? { err: "ErrWrongLeader" } : { err: "OK", value: { kind: "IncRep", n: 1 } });
      }, { Kind });
    }
  });

  it("hook mayKeepWaiting: a submit gives up once its peer's term moves on; one that keeps waiting never answers", async () => {
    class WaitsForItsIndex extends ReferenceRsm {
      protected override mayKeepWaiting(_term: number, _now: RaftState): boolean {
        return true;
      }
    }
    for (const Kind of [ReferenceRsm, WaitsForItsIndex]) {
      await withRsm(async ({ rsm, raft, env }) => {
        const answer = track(rsm.submit(INC));
        await env.sleep(10 * LEADERSHIP_CHECK_MS);
        expect(answer()).toBe("pending");
        raft.state = { term: 2, isLeader: true };
        await env.sleep(LEADERSHIP_CHECK_MS);
        expect(answer()).toEqual(Kind === ReferenceRsm ? { err: "ErrWrongLeader" } : "pending");
        raft.kill();
      }, { Kind });
    }
  });

  it("hook snapshotIsAhead: a snapshot behind what is applied is ignored; installing it moves the service backwards", async () => {
    class InstallsAnySnapshot extends ReferenceRsm {
      protected override snapshotIsAhead(): boolean {
        return true;
      }
    }
    for (const Kind of [ReferenceRsm, InstallsAnySnapshot]) {
      await withRsm(async ({ raft, counter }) => {
        for (let index = 1; index <= 5; index++) await raft.apply(index, { id: `op${index}`, req: INC });
        await raft.install(3, encodeRsmSnapshot(3, "3"));
        expect(counter.counter).toBe(Kind === ReferenceRsm ? 5 : 3);
      }, { Kind });
    }
  });

  it("installs a snapshot ahead of it, then skips the commands it covers; submits waiting inside it give up", async () => {
    await withRsm(async ({ rsm, raft, counter }) => {
      const answer = track(rsm.submit(INC));
      await raft.install(8, encodeRsmSnapshot(8, "8"));
      expect(answer()).toEqual({ err: "ErrWrongLeader" });
      await raft.apply(8, { id: "covered", req: INC });
      expect(counter.counter).toBe(8);
      await raft.apply(9, { id: "next", req: INC });
      expect(counter.counter).toBe(9);
    });
  });

  it("snapshots what it applied, with the index, once the saved Raft state reaches maxRaftState, and restores it when restarted", async () => {
    const persister = new Persister();
    await withRsm(async ({ raft }) => {
      await raft.apply(1, { id: "a", req: INC });
      persister.save("x".repeat(100), "");
      await raft.apply(2, { id: "b", req: INC });
      expect(raft.snapshots.map(({ index, snapshot }) => ({ at: index, ...decodeRsmSnapshot(snapshot) }))).toEqual([{ at: 2, index: 2, state: "2" }]);
      persister.save("x".repeat(100), raft.snapshots[0]!.snapshot);
    }, { maxRaftState: 100, persister });
    await withRsm(async ({ counter, raft }) => {
      expect(counter.counter).toBe(2);
      await raft.apply(2, { id: "b", req: INC });
      expect(counter.counter).toBe(2);
    }, { persister: persister.copy() });
  });

  it("never snapshots with maxRaftState -1, however large the Raft state", async () => {
    const persister = new Persister();
    persister.save("x".repeat(10_000), "");
    await withRsm(async ({ raft }) => {
      for (let index = 1; index <= 5; index++) await raft.apply(index, { id: `op${index}`, req: INC });
      expect(raft.snapshots).toEqual([]);
    }, { persister, maxRaftState: -1 });
  });

  it("answers ErrWrongLeader at once when its peer does not lead, or once the peer is killed", async () => {
    await withRsm(async ({ rsm, raft }) => {
      const pending = track(rsm.submit(INC));
      raft.state = { term: 1, isLeader: false };
      expect(await rsm.submit(INC)).toEqual({ err: "ErrWrongLeader" });
      raft.state = { term: 1, isLeader: true };
      raft.kill();
      await Promise.resolve();
      expect(pending()).toEqual({ err: "ErrWrongLeader" });
      expect(await rsm.submit(INC)).toEqual({ err: "ErrWrongLeader" });
      expect(raft.started).toHaveLength(1); // the killed rsm started nothing
    });
  });
});
