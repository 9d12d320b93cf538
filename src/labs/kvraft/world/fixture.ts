import { Network, Server, gatedEnv, type End, compose, type Simulation, profiles, type ClientEnd, type FaultProfile, type LabEnv, type Persister } from "../../../../labnet/index.js";
import { LabFailure, RunNotes, spawnGoroutine, watchedSimulation, type FailureReason, type SimulatedWorld, type WorldOptions } from "../../../harness/index.js";
import { CONTRACT_METHODS, type RaftImplementation, type RaftPeer } from "../../raft/index.js";
import { SERVER_CONTRACT_METHODS, type Clerk, type KVRaftImplementation, type KVRaftServer } from "../contract.js";
import { KvRaftForensicRecord } from "./forensic-record.js";
import { RsmService } from "./rsm-service.js";

/** What the lab runs: a replicated KV layer (rsm, server, clerk) over a Raft. */
export interface KvRaftImpl {
  kvraft: KVRaftImplementation;
  raft: RaftImplementation;
}


/** Server i's name on the network. */
export function serverName(i: number): string {
  return `server-${i}`;
}

/**
 * Per-hop latency of the lab's network (the course's reliable RPCs take no time): 2–4 ms, so an
 * operation through the leader (clerk, leader, followers and back) costs about 12 ms. A 1 s client
 * phase then does about as many operations as the course's (TestConcurrent4B ~1,200, the course's
 * sample 871), and the speed tests still mean "faster than one operation per 100 ms heartbeat"
 * (1000 puts take ~12 s against the 33.3 s bound).
 */
const HOPS: Partial<FaultProfile> = { name: "kvraft-hops", latency: { kind: "uniform", minMs: 2, maxMs: 4 } };

/** The lab's network, without long delays (a call to an unreachable server fails after 0–100 ms). */
export function kvraftProfile(reliable: boolean): FaultProfile {
  return reliable ? compose(HOPS) : compose(HOPS, profiles.unreliable);
}

/** `call`, once the message it sent (the end's latest) is noted as an attempt of `client`'s call under way. */
function sentBy<R>(forensics: KvRaftForensicRecord, client: string, end: End, call: Promise<R>): Promise<R> {
  forensics.sent(client, `${end.name}#${end.seq}`);
  return call;
}

/** One incarnation of a server: from a start to its crash. */
interface Incarnation {
  raft: RaftPeer;
  /** The KV server (kv tests) or undefined (rsm tests, whose servers offer only their Raft). */
  kv: KVRaftServer | undefined;
  /** Its ends to every server, by index; deleted at its crash. */
  ends: string[];
  alive: boolean;
  /** Its incarnation number on the network (1 for the first start). */
  number: number;
}

/** A clerk of a test: the implementation's clerk, its ends to every server (by index) and its env. */
export interface KvRaftClerk {
  name: string;
  clerk: Clerk;
  ends: string[];
  env: LabEnv;
}

/**
 * The course's kvraft1 and rsm test fixture on labnet (tester1's group and clients): n servers
 * "server-0".. as labnet servers, each incarnation with fresh ends to every server; the group's
 * connectivity (ConnectOne, DisconnectAll, Partition: server↔server ends only), crash and restart,
 * LogSize and SnapshotSize, and clerks (MakeClerk, MakeClerkTo) whose ends no partition touches.
 *
 * A crash cuts the incarnation off: its ends are deleted (its calls fail), its Raft's timers never
 * wake again, labnet gives up its handlers in flight, its persister is copied for the restart, and
 * the KV server's kill() and the Raft's kill() are called (the Raft closes its apply channel). The
 * rsm's and the KV server's own env keeps running, as a Go server's goroutines do after Kill, so
 * that a Submit waiting in a killed server can notice and return.
 */
export class KvRaftFixture implements SimulatedWorld {
  readonly sim: Simulation;
  readonly net: Network;
  readonly notes = new RunNotes();
  /** With `forensics`: what an explanation of a failure needs (see KvRaftForensicRecord); undefined otherwise. */
  readonly forensics: KvRaftForensicRecord | undefined;
  /** Set when the test's body ended: helpers then give up silently, as after the course's cleanup. */
  finished = false;
  protected n = 0;
  /** The Raft-state size past which servers snapshot (-1: never), as the test set it up. */
  maxRaftState = -1;
  /** rsm tests: each server's tester service (a crashed server's stays until its restart, as the course's srvs). */
  protected readonly services: RsmService[] = [];
  private mode: "rsm" | "kv" = "kv";
  private readonly incarnations: Incarnation[] = [];
  private readonly persisters: Persister[] = [];
  private readonly connected: boolean[] = [];
  private clerks = 0;
  private tasks = 0;
  protected readonly testerEnv: LabEnv;

  constructor(
    readonly impl: KvRaftImpl,
    readonly options: WorldOptions,
  ) {
    this.sim = watchedSimulation(options);
    this.net = new Network(this.sim, options.network ?? kvraftProfile(options.reliable));
    this.testerEnv = this.sim.env("tester");
    this.forensics = options.forensics ? new KvRaftForensicRecord(() => this.sim.now()) : undefined;
    if (this.forensics) {
      this.net.onExecution((execution) => {
        this.forensics!.raft.executions.push(execution);
        this.sample(Number(execution.server.slice("server-".length)));
      });
    }
  }

  /** Servers in the world (the report's #peers). */
  get peers(): number {
    return this.n;
  }

  get reliable(): boolean {
    return this.options.reliable;
  }

  /**
   * Starts `servers` servers and connects them all: rsm servers (the tester's counter on an rsm;
   * the network sees only their Raft) or KV servers (the KV server's handlers and its Raft's).
   */
  setup(mode: "rsm" | "kv", servers: number, maxRaftState: number): void {
    if (this.n !== 0) throw new Error("setup() runs once per test");
    this.mode = mode;
    this.n = servers;
    this.maxRaftState = maxRaftState;
    for (let i = 0; i < servers; i++) {
      this.connected.push(false);
      this.net.addServer(serverName(i), ({ env, persister, incarnation }) => this.makeIncarnation(i, incarnation, env, persister));
    }
    this.connectAll();
  }

  /** Fails the test with the tester's message; the run ends at once. */
  fatal(message: string, reason?: FailureReason): never {
    throw new LabFailure(message, reason);
  }

  /** Fails the run from code the tester does not call (a service's doOp): the run ends at once. */
  protected fatalFromService(message: string): never {
    const failure = new LabFailure(message);
    this.sim.fail(failure);
    throw failure;
  }

  /**
   * Runs `body` as a task of its own (a tester goroutine) and resolves with what it returns. It
   * does not keep the run going: as in Go, the test ends when its body returns. A task that
   * throws ends the run.
   */
  spawn<R>(name: string, body: (env: LabEnv) => Promise<R>): Promise<R> {
    return spawnGoroutine(this.sim, `${name}-${++this.tasks}`, body);
  }

  /** Server i's current Raft peer, or undefined while it is crashed. */
  raft(i: number): RaftPeer | undefined {
    const incarnation = this.incarnations[this.index(i)];
    return incarnation?.alive ? incarnation.raft : undefined;
  }

  /** Server i's tester service (rsm tests), the crashed incarnation's until its restart. */
  service(i: number): RsmService {
    return this.services[this.index(i)]!;
  }

  isConnected(i: number): boolean {
    return this.connected[this.index(i)]!;
  }

  /**
   * The course's Leader(cfg, gid): the first live server whose Raft says it leads, or
   * [false, 0].
   */
  leader(): [boolean, number] {
    for (let i = 0; i < this.n; i++) {
      if (this.raft(i)?.getState().isLeader) return [true, i];
    }
    return [false, 0];
  }

  /** The course's group connect(i, to): i becomes connected; ends between i and the connected servers of `to` are enabled. */
  connectTo(i: number, to: readonly number[]): void {
    i = this.index(i);
    this.connected[i] = true;
    for (const j of to.map((k) => this.index(k))) {
      if (!this.connected[j]) continue;
      this.enable(i, j, true);
      this.enable(j, i, true);
    }
  }

  /** The course's group disconnect(i, from): i becomes disconnected; ends between i and `from` are disabled. */
  disconnectFrom(i: number, from: readonly number[]): void {
    i = this.index(i);
    this.connected[i] = false;
    for (const j of from.map((k) => this.index(k))) {
      this.enable(i, j, false);
      this.enable(j, i, false);
    }
  }

  /** The course's ConnectOne. */
  connectOne(i: number): void {
    this.connectTo(i, this.all());
    this.forensics?.fault("connect", [i], `${serverName(i)} connected`);
  }

  /** The course's DisconnectAll(i). */
  disconnectAll(i: number): void {
    this.disconnectFrom(i, this.all());
    this.forensics?.fault("disconnect", [i], `${serverName(i)} disconnected`);
  }

  /** The course's ConnectAll: every server to every server (crashed ones are marked connected; calls to them still fail). */
  connectAll(): void {
    for (let i = 0; i < this.n; i++) this.connectTo(i, this.all());
    this.forensics?.fault("connect", this.all(), "all servers connected");
  }

  /** The course's Partition(p1, p2): servers talk only within their side. Clerks are not affected. */
  partition(p1: readonly number[], p2: readonly number[]): void {
    for (const i of p1) {
      this.disconnectFrom(i, p2);
      this.connectTo(i, p1);
    }
    for (const i of p2) {
      this.disconnectFrom(i, p1);
      this.connectTo(i, p2);
    }
    this.forensics?.fault("partition", [...p1, ...p2], `partition ${p1.map(serverName).join(",")} | ${p2.map(serverName).join(",")}`);
  }

  /** The course's MakePartition(l): a majority without l, and the rest, ending with l. */
  makePartition(l: number): [number[], number[]] {
    const p1: number[] = [];
    const p2: number[] = [];
    const majority = Math.floor(this.n / 2) + 1;
    for (let i = 0; i < this.n; i++) {
      if (i === l) continue;
      if (p1.length < majority) p1.push(i);
      else p2.push(i);
    }
    p2.push(l);
    return [p1, p2];
  }

  /**
   * The course's ShutdownServer: disconnects i, crashes it on the network (its pending calls fail,
   * its persister is copied for the next incarnation) and kills its KV server and its Raft.
   * Crashing a crashed server does nothing.
   */
  crash(i: number): void {
    i = this.index(i);
    const incarnation = this.incarnations[i]!;
    if (!incarnation.alive) return;
    this.sample(i);
    this.forensics?.fault("crash", [i], `${serverName(i)} crashed`);
    this.disconnectFrom(i, this.all());
    this.net.crash(serverName(i));
    incarnation.alive = false;
    for (const end of incarnation.ends) this.net.deleteEnd(end);
    this.persisters[i] = this.persisters[i]!.copy();
    incarnation.kv?.kill?.();
    incarnation.raft.kill();
  }

  /** The course's cleanup: every live server's KV layer and Raft are killed, so loops waiting for kill() end with the test. */
  end(): void {
    for (const incarnation of this.incarnations) {
      if (!incarnation.alive) continue;
      try {
        incarnation.kv?.kill?.();
        incarnation.raft.kill();
      } catch {
        // The test is over and reported: a kill() that throws changes nothing now.
      }
    }
  }

  /** The course's StartServer: a new incarnation from what i last saved, with fresh ends, not yet connected. */
  start(i: number): void {
    i = this.index(i);
    if (this.incarnations[i]!.alive) throw new Error(`${serverName(i)} is running; crash it before starting it again`);
    this.net.restart(serverName(i));
    this.forensics?.fault("restart", [i], `${serverName(i)} restarted`);
  }

  /** The course's Shutdown: crashes every server. */
  crashAll(): void {
    for (let i = 0; i < this.n; i++) this.crash(i);
  }

  /** The course's StartServers: starts every server, then connects them all. */
  startAll(): void {
    for (let i = 0; i < this.n; i++) this.start(i);
    this.connectAll();
  }

  /** The largest Raft state any server's persister holds, crashed servers' included (the course's LogSize). */
  logSize(): number {
    return Math.max(0, ...this.persisters.map((persister) => persister.raftStateSize()));
  }

  /** The largest snapshot any server's persister holds (the course's SnapshotSize). */
  snapshotSize(): number {
    return Math.max(0, ...this.persisters.map((persister) => persister.snapshotSize()));
  }

  /** The course's MakeClerk: a fresh clerk with a fresh end to every server, all enabled. */
  makeClerk(): KvRaftClerk {
    return this.makeClerkTo(this.all());
  }

  /** The course's MakeClerkTo: a fresh clerk whose ends to servers outside `to` are disabled. */
  makeClerkTo(to: readonly number[]): KvRaftClerk {
    const name = `clerk-${++this.clerks}`;
    const ends: string[] = [];
    const clientEnds: ClientEnd[] = [];
    for (let i = 0; i < this.n; i++) {
      const endName = `${name}->${serverName(i)}`;
      const end = this.net.makeEnd(endName, { host: name });
      const forensics = this.forensics;
      // With forensics, each message the clerk sends is an attempt of its call under way.
      clientEnds.push(forensics ? { call: <A, R>(method: string, args: A) => sentBy(forensics, name, end, end.call<A, R>(method, args)) } : end);
      this.net.connect(endName, serverName(i));
      this.net.enable(endName, to.includes(i));
      ends.push(endName);
    }
    const env = this.sim.env(name);
    return { name, clerk: this.impl.kvraft.makeClerk(clientEnds, env), ends, env };
  }

  /** The course's Clnt.ConnectAll: the clerk's ends to every server are enabled. */
  connectClerk(ck: KvRaftClerk): void {
    for (const end of ck.ends) this.net.enable(end, true);
  }

  /** The course's DeleteClerk: its ends are deleted and its env forgotten. */
  deleteClerk(ck: KvRaftClerk): void {
    for (const end of ck.ends) this.net.deleteEnd(end);
    this.sim.dropEnv(ck.name);
  }

  /** Sleeps `ms` of virtual time as the tester. */
  sleep(ms: number): Promise<void> {
    return this.testerEnv.sleep(ms);
  }

  /** The tester's virtual clock, in ms. */
  testerNow(): number {
    return this.testerEnv.now();
  }

  /** A random integer in [0, bound), from the tester's seeded stream. */
  randInt(bound: number): number {
    return Math.floor(this.testerEnv.random() * bound);
  }

  private makeIncarnation(i: number, incarnation: number, env: LabEnv, persister: Persister): Server {
    const name = serverName(i);
    const ends: ClientEnd[] = [];
    const endNames: string[] = [];
    for (let j = 0; j < this.n; j++) {
      const endName = `${name}.${incarnation}->${serverName(j)}`;
      const end = this.net.makeEnd(endName, { host: name });
      // With forensics, each call a server sends is a moment its Raft's state is sampled.
      ends.push(this.forensics ? { call: <A, R>(method: string, args: A) => (this.sample(i), end.call<A, R>(method, args)) } : end);
      this.net.connect(endName, serverName(j));
      endNames.push(endName);
    }
    this.persisters[i] = persister;
    let record: Incarnation | undefined;
    let made: RaftPeer | undefined;
    // The Raft the layer above makes runs on an env cut off at the crash; the layer's own does not.
    const raft: RaftImplementation = {
      name: this.impl.raft.name,
      make: (peers, me, raftPersister, applyCh, raftEnv) => {
        const forensics = this.forensics;
        if (!forensics) {
          made = this.impl.raft.make(peers, me, raftPersister, applyCh, gatedEnv(raftEnv, () => record?.alive !== false));
          return made;
        }
        // With forensics: the peer's state is sampled as its timers are set and wake, what it
        // applies and what its start() answers are recorded; the layer above gets the same peer.
        const env = gatedEnv(raftEnv, () => (record?.alive !== false ? (this.sample(i), true) : false), () => this.sample(i));
        made = this.impl.raft.make(peers, me, raftPersister, forensics.observedChannel(i, incarnation, applyCh), env);
        return forensics.observedPeer(i, incarnation, made);
      },
    };
    const server = new Server();
    let kv: KVRaftServer | undefined;
    if (this.mode === "rsm") {
      const service = new RsmService(i, (message) => this.fatalFromService(message));
      this.services[i] = service;
      service.rsm = this.impl.kvraft.makeRsm(ends, i, persister, this.maxRaftState, service, env, raft);
    } else {
      kv = this.impl.kvraft.startKVServer(ends, i, persister, this.maxRaftState, env, raft);
      server.add(kv, undefined, SERVER_CONTRACT_METHODS);
    }
    if (!made) throw new Error(`${this.mode === "rsm" ? "makeRsm" : "startKVServer"}(…, ${i}, …) did not make its Raft peer with raft.make`);
    record = { raft: made, kv, ends: endNames, alive: true, number: incarnation };
    this.incarnations[i] = record;
    this.sample(i);
    return server.add(made, undefined, CONTRACT_METHODS);
  }

  /** With forensics, samples server i's live Raft peer (see RaftForensicRecord); nothing otherwise. */
  private sample(i: number): void {
    const incarnation = this.incarnations[i];
    if (this.forensics && incarnation?.alive) this.forensics.raft.sample(i, incarnation.number, incarnation.raft);
  }

  private enable(from: number, to: number, on: boolean): void {
    const incarnation = this.incarnations[from];
    if (incarnation?.alive) this.net.enable(incarnation.ends[to]!, on);
  }

  private all(): number[] {
    return Array.from({ length: this.n }, (_, i) => i);
  }

  private index(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.n) throw new Error(`no server ${i}; servers are 0..${this.n - 1}`);
    return i;
  }
}
