import { Network, Server, gatedEnv, compose, type Simulation, profiles, type ClientEnd, type FaultProfile, type Handler, type LabEnv, type Persister } from "../../../../labnet/index.js";
import { LabFailure, RunNotes, failureWords, spawnGoroutine, watchedSimulation, type FailureReason, type SimulatedWorld, type WorldOptions } from "../../../harness/index.js";
import { CONTRACT_METHODS, type RaftImplementation, type RaftPeer } from "../contract.js";
import { Applier } from "./applier.js";
import { RaftForensicRecord } from "./forensic-record.js";
import { Invariants } from "./invariants.js";
import { checkedState } from "./peer-calls.js";
import { RaftRecorder } from "./recorder.js";

/** The methods every peer make() returns must have. */
const PEER_METHODS = ["start", "getState", "snapshot", "kill"] as const;

/** Peer i's name on the network. */
export function peerName(i: number): string {
  return `raft-${i}`;
}

/**
 * The Raft tests' network: reliable or unreliable, always with long delays (an unreachable call
 * fails after up to 7 s, as makeTest's SetLongDelays(true) does), and long reordering when asked.
 */
export function raftProfile(reliable: boolean, longReordering = false): FaultProfile {
  const layers: Partial<FaultProfile>[] = reliable ? [profiles.longDelays] : [profiles.unreliable, profiles.longDelays];
  if (longReordering) layers.push(profiles.longReordering);
  return compose(...layers);
}

/**
 * A peer's server whose every handler, once it has answered, is a moment to check election safety
 * on the peer's state (one getState a call; an async handler's reply waits for nothing more).
 */
class ObservedServer extends Server {
  constructor(private readonly afterCall: () => void) {
    super();
  }

  override handler(method: string): Handler | undefined {
    const handler = super.handler(method);
    if (!handler) return undefined;
    return (args) => {
      const reply = handler(args);
      if (reply instanceof Promise) void reply.then(this.afterCall, () => {});
      else this.afterCall();
      return reply;
    };
  }
}

/** One incarnation of a peer: from a start to its crash. */
interface Incarnation {
  raft: RaftPeer;
  applier: Applier;
  /** Its ends to every peer, by peer index; deleted when it crashes. */
  ends: string[];
  alive: boolean;
  /** The network's count of handlers run on this peer when it started (RpcCount is per incarnation). */
  executedBefore: number;
  /** Which incarnation of the peer it is (labnet's count, from 0). */
  number: number;
}

/**
 * The course's test fixture on labnet (raft1/test.go and tester1's group): n peers "raft-0".. as
 * labnet servers, each incarnation with fresh ends to every peer, the course's connectivity flags,
 * crash and restart, the counts the tests read, and the tester's service above each peer (Applier).
 * A crash cuts the crashed incarnation off: its ends are deleted (its calls fail), its timers never
 * wake again, its apply channel never answers, labnet gives up its handlers in flight, and kill()
 * is called; what it last saved survives for the restart.
 */
export class RaftFixture implements SimulatedWorld {
  readonly sim: Simulation;
  readonly net: Network;
  readonly notes = new RunNotes();
  readonly recorder: RaftRecorder;
  readonly invariants: Invariants;
  /** With `forensics`: what an explanation of a failure needs (see RaftForensicRecord); undefined otherwise. */
  readonly forensics: RaftForensicRecord | undefined;
  /** Set when the test's body ended: one() then gives up silently, as after the course's cleanup. */
  finished = false;
  /**
   * Also check the log invariants (not only election safety) after every RPC a peer handles and
   * every timer it wakes from: a scenario sets it, so a fault plan fails where the logs first break.
   */
  checkLogsAtEveryStep = false;
  protected n = 0;
  protected snapshots = false;
  protected readonly incarnations: Incarnation[] = [];
  /** Each peer's current tester service (a crashed peer's stays until its restart, as the course's srvs). */
  protected readonly appliers: Applier[] = [];
  /** Each peer's persister as the next incarnation will see it (the copy a crash leaves). */
  private readonly persisters: Persister[] = [];
  private readonly connected: boolean[] = [];
  private reliable: boolean;
  private longReordering = false;
  private tasks = 0;
  protected readonly testerEnv: LabEnv;

  constructor(
    readonly impl: RaftImplementation,
    readonly options: WorldOptions,
  ) {
    this.sim = watchedSimulation(options);
    this.reliable = options.reliable;
    this.net = new Network(this.sim, options.network ?? raftProfile(options.reliable));
    this.recorder = new RaftRecorder(0, () => this.sim.now());
    this.invariants = new Invariants(this.recorder, (message) => this.fatal(message, { kind: "invariant" }));
    this.testerEnv = this.sim.env("tester");
    this.forensics = options.forensics ? new RaftForensicRecord(() => this.sim.now()) : undefined;
    if (this.forensics) this.net.onExecution((execution) => this.forensics!.executions.push(execution));
  }

  /** Peers in the world (the report's #peers). */
  get peers(): number {
    return this.n;
  }

  /** Starts `servers` peers and connects them all (the course's makeTest); snapshot tests take snapshots. */
  setup(servers: number, options: { snapshot?: boolean } = {}): void {
    if (this.n !== 0) throw new Error("setup() runs once per test");
    this.n = servers;
    this.snapshots = options.snapshot ?? false;
    this.recorder.applies.push(...new Array<number>(servers).fill(0));
    for (let i = 0; i < servers; i++) {
      this.connected.push(false);
      this.net.addServer(peerName(i), ({ env, persister, incarnation }) => this.makeIncarnation(i, incarnation, env, persister));
    }
    this.connectAll();
  }

  /** Fails the test with the tester's message; the run ends at once. */
  fatal(message: string, reason?: FailureReason): never {
    throw new LabFailure(message, reason);
  }

  /**
   * Runs `body` as a task of its own (a tester goroutine) and resolves with what it returns. It
   * does not keep the run going: as in Go, the test ends when its body returns. A task that
   * throws ends the run.
   */
  spawn<R>(name: string, body: (env: LabEnv) => Promise<R>): Promise<R> {
    return spawnGoroutine(this.sim, `${name}-${++this.tasks}`, body);
  }

  /** Peer i's current Raft, or undefined while it is crashed (the course's srvs[i].Raft()). */
  raft(i: number): RaftPeer | undefined {
    const incarnation = this.incarnations[this.index(i)];
    return incarnation?.alive ? incarnation.raft : undefined;
  }

  isConnected(i: number): boolean {
    return this.connected[this.index(i)]!;
  }

  /** The course's ConnectOne: i's ends to every connected peer, and theirs to i, are enabled. */
  connect(i: number): void {
    i = this.index(i);
    this.connected[i] = true;
    for (let j = 0; j < this.n; j++) {
      if (!this.connected[j]) continue;
      this.enable(i, j, true);
      this.enable(j, i, true);
    }
    this.recorder.add("connect", i);
  }

  /** The course's DisconnectAll: i's ends to everyone, and everyone's to i, are disabled. */
  disconnect(i: number): void {
    i = this.index(i);
    this.connected[i] = false;
    for (let j = 0; j < this.n; j++) {
      this.enable(i, j, false);
      this.enable(j, i, false);
    }
    this.recorder.add("disconnect", i);
  }

  /** Connects every peer, crashed ones included (their flag becomes true; calls to them still fail). */
  connectAll(): void {
    for (let i = 0; i < this.n; i++) this.connect(i);
  }

  /**
   * The course's ShutdownServer: disconnects i, crashes it on the network (its pending calls fail,
   * its persister is copied for the next incarnation) and kills it. Crashing a crashed peer does nothing.
   */
  crash(i: number): void {
    i = this.index(i);
    const incarnation = this.incarnations[i]!;
    if (!incarnation.alive) return;
    this.checkInvariants();
    this.sample(incarnation);
    this.disconnect(i);
    this.net.crash(peerName(i));
    incarnation.alive = false;
    incarnation.applier.alive = false;
    incarnation.applier.raft = undefined;
    for (const end of incarnation.ends) this.net.deleteEnd(end);
    this.persisters[i] = this.persisters[i]!.copy();
    this.recorder.add("crash", i);
    incarnation.raft.kill();
  }

  /** The course's StartServer: a new incarnation from what i last saved, not yet connected. */
  start(i: number): void {
    i = this.index(i);
    if (this.incarnations[i]!.alive) throw new Error(`raft-${i} is running; crash it before starting it again`);
    this.net.restart(peerName(i));
    this.recorder.add("restart", i);
    this.checkInvariants();
  }

  /** The course's ts.restart: start i, then connect every peer. */
  restart(i: number): void {
    this.start(i);
    this.connectAll();
  }

  /** The course's Shutdown: crashes every peer. */
  crashAll(): void {
    for (let i = 0; i < this.n; i++) this.crash(i);
  }

  /** The course's StartServers: starts every peer, then connects them all. */
  startAll(): void {
    for (let i = 0; i < this.n; i++) this.start(i);
    this.connectAll();
  }

  /** Switches the network between reliable and unreliable (long delays and reordering stay as they are). */
  setReliable(reliable: boolean): void {
    this.reliable = reliable;
    this.net.setProfile(raftProfile(reliable, this.longReordering));
  }

  /** Holds back 2/3 of the replies 200–2200 ms (labrpc's LongReordering). */
  setLongReordering(on: boolean): void {
    this.longReordering = on;
    this.net.setProfile(raftProfile(this.reliable, on));
  }

  /** Requests dispatched to peer i's handlers since its current incarnation started (the course's RpcCount). */
  rpcCount(i: number): number {
    i = this.index(i);
    return (this.net.counts().executed[peerName(i)] ?? 0) - this.incarnations[i]!.executedBefore;
  }

  /** Every call sent so far, delivered or not. */
  rpcTotal(): number {
    return this.net.counts().sent;
  }

  /** Bytes of every request sent and every reply delivered so far (the course's BytesTotal). */
  bytesTotal(): number {
    return this.net.counts().bytes;
  }

  /** The largest Raft state any peer's persister holds, crashed peers' included (the course's LogSize). */
  logSize(): number {
    return Math.max(0, ...this.persisters.map((persister) => persister.raftStateSize()));
  }

  /** Every peer's current tester service. */
  appliersNow(): readonly Applier[] {
    return this.appliers;
  }

  /** Peer i's state, checked, and observed for election safety. */
  protected stateOf(i: number, raft: RaftPeer): { term: number; isLeader: boolean } {
    const state = checkedState(raft, i, (message) => this.fatal(message));
    this.invariants.observe(i, state.term, state.isLeader);
    return state;
  }

  /**
   * Observes peer i's state from the peer's own work (a timer, a handler), where nobody would catch
   * a failure: a violation ends the run from here. False when it did.
   */
  private observeOutsideTester(i: number, raft: RaftPeer): boolean {
    try {
      this.stateOf(i, raft);
      if (this.checkLogsAtEveryStep) this.checkInvariants();
      return true;
    } catch (error) {
      this.sim.fail(error as Error);
      return false;
    }
  }

  /** The log invariants over the live peers, when they all offer inspect(). */
  checkInvariants(): void {
    this.invariants.checkLogs(
      this.incarnations.map((_, i) => this.raft(i)),
      this.appliers,
    );
  }

  private makeIncarnation(i: number, incarnation: number, env: LabEnv, persister: Persister): Server {
    const name = peerName(i);
    let record: Incarnation | undefined;
    const ends: ClientEnd[] = [];
    const endNames: string[] = [];
    for (let j = 0; j < this.n; j++) {
      const endName = `${name}.${incarnation}->${peerName(j)}`;
      const end = this.net.makeEnd(endName, { host: name });
      this.net.connect(endName, peerName(j));
      // With forensics, each call a peer sends is a moment its state is sampled (a new candidate's or leader's first).
      ends.push(this.forensics ? { call: <A, R>(method: string, args: A) => (this.sample(record), end.call<A, R>(method, args)) } : end);
      endNames.push(endName);
    }
    const applier = new Applier(i, this.snapshots, {
      appliers: () => this.appliers,
      fail: (message) => this.sim.fail(new LabFailure(message, { kind: "apply" })),
      recorder: this.recorder,
    });
    this.appliers[i] = applier;
    this.persisters[i] = persister;
    const raft = this.madePeer(i, () => this.impl.make(ends, i, persister, applier, this.cutOffEnv(i, env, () => record)));
    record = {
      raft,
      applier,
      ends: endNames,
      alive: true,
      executedBefore: this.net.counts().executed[name] ?? 0,
      number: incarnation,
    };
    this.incarnations[i] = record;
    if (this.snapshots) applier.ingestPersisted(persister.readSnapshot());
    applier.attach(raft);
    return new ObservedServer(() => {
      if (record!.alive && this.observeOutsideTester(i, raft)) this.sample(record);
    }).add(raft, undefined, CONTRACT_METHODS);
  }

  /**
   * make()'s peer, or the run's failure saying what is wrong with it, in the implementation's
   * terms: make threw, answered something other than an object (a Promise: it must answer at
   * once), or a peer without the contract's methods.
   */
  private madePeer(i: number, make: () => unknown): RaftPeer {
    let raft: unknown;
    try {
      raft = make();
    } catch (error) {
      this.fatal(`${peerName(i)}: make() threw: ${failureWords(error)}`);
    }
    if (typeof raft !== "object" || raft === null || typeof (raft as { then?: unknown }).then === "function") {
      this.fatal(`make(…, ${i}, …) returned ${raft === null ? "null" : typeof raft === "object" ? "a Promise" : typeof raft}; it must return the peer at once`);
    }
    const missing = PEER_METHODS.filter((method) => typeof (raft as Record<string, unknown>)[method] !== "function");
    if (missing.length > 0) {
      this.fatal(`${peerName(i)}: make() returned a peer without ${missing.join(", ")}; a RaftPeer's methods are ${PEER_METHODS.join(", ")}`);
    }
    return raft as RaftPeer;
  }

  /** The course's cleanup: every live peer is killed, so a loop waiting for kill() ends with the test. */
  end(): void {
    for (const incarnation of this.incarnations) {
      if (!incarnation?.alive) continue;
      try {
        incarnation.raft.kill();
      } catch {
        // The test is over and reported: a kill() that throws changes nothing now.
      }
    }
  }

  /**
   * The incarnation's env: a sleep of a crashed incarnation never wakes, so its loops stop where
   * they wait; a live one's wake is a moment to check election safety on its state.
   */
  private cutOffEnv(i: number, env: LabEnv, incarnation: () => Incarnation | undefined): LabEnv {
    const wake = () => {
      const record = incarnation();
      if (record && !record.alive) return false;
      if (record && !this.observeOutsideTester(i, record.raft)) return false;
      this.sample(record);
      return true;
    };
    return gatedEnv(env, wake, () => this.sample(incarnation()));
  }

  /** With forensics, samples a live incarnation's state (see RaftForensicRecord); nothing otherwise. */
  private sample(incarnation: Incarnation | undefined): void {
    if (this.forensics && incarnation?.alive) this.forensics.sample(this.incarnations.indexOf(incarnation), incarnation.number, incarnation.raft);
  }

  private enable(from: number, to: number, on: boolean): void {
    const incarnation = this.incarnations[from];
    if (incarnation?.alive) this.net.enable(incarnation.ends[to]!, on);
  }

  private index(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.n) throw new Error(`no peer ${i}; peers are 0..${this.n - 1}`);
    return i;
  }
}
