import { type End, type LabEnv, Network, type Persister, Server, Simulation, compose, profiles } from "../../../../labnet/index.js";
import type { KVRaftImplementation, KVRaftServer, RaftImplementation, RaftPeer, Rsm, StateMachine } from "../../../../src/labs/kvraft/contract.js";
import { SERVER_CONTRACT_METHODS } from "../../../../src/labs/kvraft/contract.js";
import { kvraftReference } from "../../../../src/labs/kvraft/reference/index.js";
import { raftReference } from "../../../../src/labs/raft/reference/index.js";

/** Options of a test group. */
export interface GroupOptions {
  n?: number;
  seed?: number;
  reliable?: boolean;
  maxRaftState?: number;
  impl?: KVRaftImplementation;
  raft?: RaftImplementation;
}

/**
 * The tester's counter service for the rsm (the course's rsmSrv): Inc adds one and answers the
 * counter, Null answers nothing new, Dec must never be applied. It keeps every request it applied.
 */
export class Counter implements StateMachine {
  counter = 0;
  readonly applied: unknown[] = [];
  readonly errors: string[] = [];

  doOp(req: unknown): unknown {
    this.applied.push(req);
    const kind = (req as { kind?: string }).kind;
    if (kind === "Inc") return { kind: "IncRep", n: ++this.counter };
    if (kind === "Null") return { kind: "NullRep" };
    this.errors.push(`DoOp should execute only Inc and not ${String(kind)}`);
    return undefined;
  }

  snapshot(): string {
    return JSON.stringify(this.counter);
  }

  restore(snapshot: Uint8Array | string): void {
    this.counter = JSON.parse(String(snapshot)) as number;
  }
}

/** What one server of a group runs: an rsm over a counter, or a KV server. */
export interface RsmService {
  rsm: Rsm;
  counter: Counter;
}

/**
 * A small stand-in for the kvraft tester, for the reference's own tests: servers "server-i" on
 * labnet without long delays, each incarnation with fresh ends to every server; server partitions
 * cut server↔server ends only (clerks keep theirs unless told); crash kills the services and the
 * Raft peer, restart builds them again from the persister. Two kinds: `RsmGroup` (the rsm tests'
 * counter) and `KvGroup` (KV servers and clerks).
 */
abstract class Group<S> {
  readonly sim: Simulation;
  readonly net: Network;
  readonly services: (S | undefined)[];
  readonly persisters: Persister[] = [];
  readonly n: number;
  protected readonly impl: KVRaftImplementation;
  protected readonly raftImpl: RaftImplementation;
  protected readonly maxRaftState: number;
  /** The partition each server is in: servers talk only within one. */
  private readonly side: number[];
  private readonly ends: End[][];
  private nextSide = 1;

  constructor(options: GroupOptions) {
    this.n = options.n ?? 3;
    this.impl = options.impl ?? kvraftReference;
    this.raftImpl = options.raft ?? raftReference;
    this.maxRaftState = options.maxRaftState ?? -1;
    this.sim = new Simulation({ seed: options.seed ?? 1, trace: true });
    this.net = new Network(this.sim, compose(options.reliable === false ? profiles.unreliable : profiles.reliable));
    this.services = new Array(this.n).fill(undefined);
    this.side = new Array(this.n).fill(0);
    this.ends = Array.from({ length: this.n }, () => []);
    for (let i = 0; i < this.n; i++) {
      this.net.addServer(serverName(i), ({ env, persister, incarnation }) => {
        this.ends[i] = Array.from({ length: this.n }, (_, j) => this.net.makeEnd(`${serverName(i)}.${incarnation}->${serverName(j)}`, { to: serverName(j) }));
        this.persisters[i] = persister;
        const service = this.start(this.ends[i]!, i, persister, env);
        this.services[i] = service;
        this.refreshEnds();
        return this.serve(service);
      });
    }
  }

  /** Runs `body` as the test's task, in virtual time; resolves with the run's trace hash. */
  async run(body: (env: LabEnv) => Promise<void>): Promise<string> {
    this.sim.spawn("test", body);
    return (await this.sim.run()).traceHash;
  }

  raft(i: number): RaftPeer | undefined {
    const service = this.services[i];
    return service && this.raftOf(service);
  }

  /** The first server (in `among`, if given) whose Raft peer says it leads (the course's Leader), or -1. */
  leader(among?: number[]): number {
    return this.services.findIndex((_, i) => (!among || among.includes(i)) && this.raft(i)?.getState().isLeader === true);
  }

  /** Waits until some server leads, for up to 10 s. */
  async awaitLeader(env: LabEnv): Promise<number> {
    for (let waited = 0; waited < 10_000; waited += 50) {
      const leader = this.leader();
      if (leader !== -1) return leader;
      await env.sleep(50);
    }
    throw new Error("no leader within 10 s");
  }

  /** Puts each list of servers in a partition of its own (the course's Partition). */
  partition(...groups: number[][]): void {
    for (const group of groups) {
      const side = this.nextSide++;
      for (const i of group) this.side[i] = side;
    }
    this.refreshEnds();
  }

  connectAll(): void {
    this.side.fill(0);
    this.refreshEnds();
  }

  /** Crashes server i: its ends go, its services and Raft peer are killed; its persister's copy survives. */
  crash(i: number): void {
    const service = this.services[i];
    this.net.crash(serverName(i));
    for (const end of this.ends[i]!) this.net.deleteEnd(end.name);
    this.ends[i] = [];
    if (service) this.kill(service);
    this.services[i] = undefined;
  }

  restart(i: number): void {
    this.net.restart(serverName(i));
  }

  /** The largest Raft state and snapshot any server saved (the course's LogSize and SnapshotSize). */
  logSize(): number {
    return Math.max(...this.persisters.map((persister) => persister.raftStateSize()));
  }

  snapshotSize(): number {
    return Math.max(...this.persisters.map((persister) => persister.snapshotSize()));
  }

  protected abstract start(ends: End[], me: number, persister: Persister, env: LabEnv): S;
  protected abstract raftOf(service: S): RaftPeer;
  protected abstract serve(service: S): Server;
  protected abstract kill(service: S): void;

  /** The Raft peer's RPC handlers, as a server offers them to the other peers. */
  protected raftHandlers(raft: RaftPeer): Server {
    const handlers = raft as unknown as Record<"requestVote" | "appendEntries" | "installSnapshot", (args: unknown) => unknown>;
    return Server.of({
      requestVote: (args: unknown) => handlers.requestVote(args),
      appendEntries: (args: unknown) => handlers.appendEntries(args),
      installSnapshot: (args: unknown) => handlers.installSnapshot(args),
    });
  }

  private refreshEnds(): void {
    this.ends.forEach((ends, i) => ends.forEach((end, j) => this.net.enable(end.name, this.side[i] === this.side[j])));
  }
}

/** The rsm tests' group: each server an rsm over a Counter, offering only its Raft peer's handlers. */
export class RsmGroup extends Group<RsmService> {
  private leaderHint = 0;

  constructor(options: GroupOptions = {}) {
    super(options);
  }

  counter(i: number): number | undefined {
    return this.services[i]?.counter.counter;
  }

  /**
   * The course's onePartition: submits `req` round-robin from the last leader to every live server
   * (in `among`, if given) until one answers OK, pausing 50 ms after each round; undefined after 10 s.
   */
  async submitUntilOk(env: LabEnv, req: unknown, among?: number[]): Promise<unknown> {
    const startedAt = env.now();
    while (env.now() - startedAt < 10_000) {
      for (let k = 0; k < this.n; k++) {
        const i = (this.leaderHint + k) % this.n;
        const service = this.services[i];
        if (!service || (among && !among.includes(i))) continue;
        const result = await service.rsm.submit(req);
        if (result.err === "OK") {
          this.leaderHint = i;
          return result.value;
        }
      }
      await env.sleep(50);
    }
    return undefined;
  }

  protected start(ends: End[], me: number, persister: Persister, env: LabEnv): RsmService {
    const counter = new Counter();
    return { counter, rsm: this.impl.makeRsm(ends, me, persister, this.maxRaftState, counter, env, this.raftImpl) };
  }

  protected raftOf(service: RsmService): RaftPeer {
    return service.rsm.raft();
  }

  protected serve(service: RsmService): Server {
    return this.raftHandlers(service.rsm.raft());
  }

  /** As in the course's rsm tests, only the Raft peer is killed: the rsm must learn it through Raft. */
  protected kill(service: RsmService): void {
    service.rsm.raft().kill();
  }
}

/** The KV tests' group: each server a KV server offering get and put beside its Raft peer's handlers. */
export class KvGroup extends Group<KVRaftServer> {
  private clerks = 0;

  constructor(options: GroupOptions = {}) {
    super(options);
  }

  /** A clerk with an end to every server, enabled only towards `to` (all by default), and those ends. */
  makeClerk(to?: number[]): { clerk: ReturnType<KVRaftImplementation["makeClerk"]>; ends: End[] } {
    const name = `clerk-${this.clerks++}`;
    const ends = Array.from({ length: this.n }, (_, j) => this.net.makeEnd(`${name}->${serverName(j)}`, { to: serverName(j) }));
    ends.forEach((end, j) => this.net.enable(end.name, !to || to.includes(j)));
    return { clerk: this.impl.makeClerk(ends, this.sim.env(name)), ends };
  }

  server(i: number): KVRaftServer | undefined {
    return this.services[i];
  }

  protected start(ends: End[], me: number, persister: Persister, env: LabEnv): KVRaftServer {
    return this.impl.startKVServer(ends, me, persister, this.maxRaftState, env, this.raftImpl);
  }

  protected raftOf(service: KVRaftServer): RaftPeer {
    return service.raft();
  }

  /** Every method of the server but raft and kill is a handler, as the tester offers them. */
  protected serve(service: KVRaftServer): Server {
    const server = Server.of(service, SERVER_CONTRACT_METHODS);
    const raft = this.raftHandlers(service.raft());
    for (const method of raft.methods()) server.add({ [method]: raft.handler(method)! });
    return server;
  }

  protected kill(service: KVRaftServer): void {
    service.kill?.();
    service.raft().kill();
  }
}

export function serverName(i: number): string {
  return `server-${i}`;
}
