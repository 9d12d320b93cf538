import type { StartResult } from "../contract.js";
import { RaftFixture } from "./fixture.js";
import { goValue, sameCommand } from "./format.js";
import { checkedStart } from "./peer-calls.js";

/** The course's RaftElectionTimeout: "The tester generously allows solutions to complete elections in one second". */
export const RAFT_ELECTION_TIMEOUT = 1000;

/**
 * One Raft test's world: the fixture (peers, connectivity, crash and restart, counts) and the
 * course's helpers (raft1/test.go), with their constants and failure texts. The helpers sleep in
 * virtual time; tester goroutines (spawn) may call them concurrently.
 */
export class RaftWorld extends RaftFixture {
  /** Peer i's start(command), checked; fails the run when i is crashed. */
  startOn(i: number, command: unknown): StartResult {
    const raft = this.raft(i);
    if (!raft) this.fatal(`raft-${i} is crashed; the tester cannot call its start()`);
    const result = checkedStart(raft, i, command, (message) => this.fatal(message));
    this.invariants.observe(i, result.term, result.isLeader);
    if (result.isLeader) this.recorder.add("start", i, { index: result.index, term: result.term, command });
    return result;
  }

  /** Peer i's getState(), checked; fails the run when i is crashed. */
  stateOfPeer(i: number): { term: number; isLeader: boolean } {
    const raft = this.raft(i);
    if (!raft) this.fatal(`raft-${i} is crashed; the tester cannot call its getState()`);
    return this.stateOf(i, raft);
  }

  /**
   * The course's checkOneLeader: up to 10 rounds, each after 450–549 ms, of asking every
   * connected peer; the leader of the highest term, or a failure.
   */
  async checkOneLeader(): Promise<number> {
    for (let round = 0; round < 10; round++) {
      await this.testerEnv.sleep(450 + Math.floor(this.testerEnv.random() * 100));
      const leaders = new Map<number, number[]>();
      for (let i = 0; i < this.n; i++) {
        if (!this.isConnected(i) || !this.raft(i)) continue;
        const { term, isLeader } = this.stateOfPeer(i);
        if (isLeader) leaders.set(term, [...(leaders.get(term) ?? []), i]);
      }
      let lastTermWithLeader = -1;
      for (const [term, peers] of leaders) {
        if (peers.length > 1) this.fatal(`term ${term} has ${peers.length} (>1) leaders`);
        if (term > lastTermWithLeader) lastTermWithLeader = term;
      }
      this.checkInvariants();
      if (leaders.size !== 0) return leaders.get(lastTermWithLeader)![0]!;
    }
    this.fatal("expected one leader, got none");
  }

  /** The course's checkTerms: every connected peer's term, which must agree (-1 with none connected). */
  checkTerms(): number {
    let term = -1;
    for (let i = 0; i < this.n; i++) {
      if (!this.isConnected(i) || !this.raft(i)) continue;
      const xterm = this.stateOfPeer(i).term;
      if (term === -1) term = xterm;
      else if (term !== xterm) this.fatal("servers disagree on term");
    }
    return term;
  }

  /** The course's checkNoLeader: no connected peer thinks it leads. */
  checkNoLeader(): void {
    for (let i = 0; i < this.n; i++) {
      if (!this.isConnected(i) || !this.raft(i)) continue;
      if (this.stateOfPeer(i).isLeader) this.fatal(`leader = ${i}`);
    }
  }

  /** The course's checkNoAgreement: nobody has committed `index`. */
  checkNoAgreement(index: number): void {
    const [count] = this.nCommitted(index);
    if (count > 0) this.fatal(`${count} committed but no majority`); // the course prints the count, not the index
  }

  /**
   * The course's nCommitted: how many peers' tester services hold `index` (crashed peers' too, as
   * they were), and its value; two different values fail the run.
   */
  nCommitted(index: number): [number, unknown] {
    let count = 0;
    let command: unknown = undefined;
    for (const applier of this.appliers) {
      if (!applier?.logs.has(index)) continue;
      const value = applier.logs.get(index);
      if (count > 0 && !sameCommand(command, value)) {
        this.fatal(`committed values at index ${index} do not match (${goValue(command)} != ${goValue(value)})`);
      }
      count++;
      command = value;
    }
    return [count, command];
  }

  /**
   * The course's one(): a complete agreement on `command` by at least `expectedServers` peers,
   * resubmitting to whichever connected peer leads, for up to 10 s (2 s a try). Returns its index;
   * -1 once the test has finished.
   */
  async one(command: unknown, expectedServers: number, retry: boolean): Promise<number> {
    const env = this.testerEnv;
    const t0 = env.now();
    let starts = 0;
    while (env.now() - t0 < 10_000 && !this.finished) {
      let index = -1;
      for (let k = 0; k < this.n; k++) {
        starts = (starts + 1) % this.n;
        if (!this.isConnected(starts) || !this.raft(starts)) continue;
        const result = this.startOn(starts, command);
        if (result.isLeader) {
          index = result.index;
          break;
        }
      }
      if (index !== -1) {
        const t1 = env.now();
        while (env.now() - t1 < 2_000) {
          const [count, committed] = this.nCommitted(index);
          if (count > 0 && count >= expectedServers && sameCommand(committed, command)) {
            this.net.countOperation();
            this.checkInvariants();
            return index;
          }
          await env.sleep(20);
        }
        if (!retry) this.fatal(`one(${goValue(command)}) failed to reach agreement`);
      } else {
        await env.sleep(50);
      }
    }
    if (!this.finished) this.fatal(`one(${goValue(command)}) failed to reach agreement`);
    return -1;
  }

  /**
   * The course's wait(): until `n` peers have committed `index` (30 polls, the sleep doubling
   * from 10 ms to past 1 s), its value; -1 when a peer moved past `startTerm` (unless it is -1).
   */
  async wait(index: number, n: number, startTerm: number): Promise<unknown> {
    let to = 10;
    for (let iters = 0; iters < 30; iters++) {
      const [count] = this.nCommitted(index);
      if (count >= n) break;
      await this.testerEnv.sleep(to);
      if (to < 1000) to *= 2;
      if (startTerm > -1) {
        for (let i = 0; i < this.n; i++) {
          if (this.raft(i) && this.stateOfPeer(i).term > startTerm) return -1;
        }
      }
    }
    const [count, command] = this.nCommitted(index);
    if (count < n) this.fatal(`only ${count} decided for index ${index}; wanted ${n}`);
    return command;
  }

  /** A random integer in [0, bound), from the tester's seeded stream (Go's rand.Int() % bound). */
  randInt(bound = 2 ** 31): number {
    return Math.floor(this.testerEnv.random() * bound);
  }

  /** Sleeps `ms` of virtual time as the tester. */
  sleep(ms: number): Promise<void> {
    return this.testerEnv.sleep(ms);
  }
}
