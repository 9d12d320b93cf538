import { type End, type LabEnv, Network, type Persister, Server, Simulation, compose, profiles } from "../../../../labnet/index.js";
import type { ApplyMsg, RaftImplementation, RaftPeer } from "../../../../src/labs/raft/contract.js";
import { type ReferenceRaft, raftReference } from "../../../../src/labs/raft/reference/index.js";

/** The tester's snapshot interval: the service snapshots after applying 9, 19, 29, … */
export const SNAPSHOT_INTERVAL = 10;

/** Options of a test cluster. */
export interface ClusterOptions {
  seed?: number;
  /** The service snapshots every SNAPSHOT_INTERVAL entries, as in the 3D tests. */
  snapshots?: boolean;
  reliable?: boolean;
  impl?: RaftImplementation;
}

/** What one peer's service saw applied, as the course's rfsrv keeps it. */
interface Service {
  logs: Map<number, unknown>;
  lastApplied: number;
}

/**
 * A small stand-in for the Raft tester, for the reference's own tests: peers "raft-i" on labnet
 * with long delays, each incarnation with fresh ends, a service per incarnation that checks the
 * apply order and (with snapshots) snapshots every 10 entries, connect/disconnect, crash/restart,
 * and `one`/`checkOneLeader` as the course's helpers do them. Run a scenario with `run(body)`.
 */
export class Cluster {
  readonly sim: Simulation;
  readonly net: Network;
  readonly rafts: (RaftPeer | undefined)[];
  readonly services: Service[];
  readonly persisters: Persister[] = [];
  /** Every apply error seen (an out-of-order or conflicting apply); tests expect none. */
  readonly errors: string[] = [];
  /** Leaders seen by term, every time a helper looked. */
  readonly leadersByTerm = new Map<number, Set<number>>();
  private readonly connected: boolean[];
  private readonly ends: End[][];
  private readonly impl: RaftImplementation;

  constructor(
    readonly n: number,
    private readonly options: ClusterOptions = {},
  ) {
    this.impl = options.impl ?? raftReference;
    this.sim = new Simulation({ seed: options.seed ?? 1, trace: true });
    this.net = new Network(this.sim, compose(options.reliable === false ? profiles.unreliable : profiles.reliable, profiles.longDelays));
    this.rafts = new Array(n).fill(undefined);
    this.services = Array.from({ length: n }, () => ({ logs: new Map(), lastApplied: 0 }));
    this.connected = new Array(n).fill(true);
    this.ends = Array.from({ length: n }, () => []);
    for (let i = 0; i < n; i++) this.net.addServer(name(i), ({ env, persister, incarnation }) => this.boot(i, env, persister, incarnation));
  }

  /** Runs `body` as the test's task, in virtual time; rejects if it throws or the run fails. */
  async run(body: (env: LabEnv) => Promise<void>): Promise<string> {
    this.sim.spawn("test", body);
    const result = await this.sim.run();
    if (this.errors.length > 0) throw new Error(`apply errors: ${this.errors.join("; ")}`);
    return result.traceHash;
  }

  disconnect(i: number): void {
    this.connected[i] = false;
    this.refreshEnds();
  }

  connect(i: number): void {
    this.connected[i] = true;
    this.refreshEnds();
  }

  isConnected(i: number): boolean {
    return this.connected[i]!;
  }

  /** Crashes peer i: its ends go, its Raft is killed; its persister's copy survives. */
  crash(i: number): void {
    this.net.crash(name(i));
    for (const end of this.ends[i]!) this.net.deleteEnd(end.name);
    this.ends[i] = [];
    this.rafts[i]?.kill();
    this.rafts[i] = undefined;
  }

  /** Restarts peer i from what it persisted, with a fresh service. */
  restart(i: number): void {
    this.net.restart(name(i));
    this.refreshEnds();
  }

  /** A leader among the connected peers, waiting up to 5 s; fails on two leaders in a term. */
  async checkOneLeader(env: LabEnv): Promise<number> {
    for (let round = 0; round < 10; round++) {
      await env.sleep(450 + Math.floor(env.random() * 100));
      const leaders = this.look();
      const terms = [...leaders.keys()].sort((a, b) => b - a);
      if (terms.length > 0) return leaders.get(terms[0]!)![0]!;
    }
    throw new Error("expected one leader, got none");
  }

  /** How many services applied `index`, and what (all must agree). */
  nCommitted(index: number): { count: number; command: unknown } {
    let count = 0;
    let command: unknown;
    for (const service of this.services) {
      if (!service.logs.has(index)) continue;
      const value = service.logs.get(index);
      if (count > 0 && value !== command) throw new Error(`committed values at index ${index} do not match (${String(value)} != ${String(command)})`);
      command = value;
      count++;
    }
    return { count, command };
  }

  /** The course's one(): submits `command` to a leader and waits until `expected` peers applied it. */
  async one(env: LabEnv, command: unknown, expected: number): Promise<number> {
    const startedAt = env.now();
    let cursor = 0;
    while (env.now() - startedAt < 10_000) {
      let index = -1;
      for (let k = 0; k < this.n; k++) {
        cursor = (cursor + 1) % this.n;
        const raft = this.rafts[cursor];
        if (!this.connected[cursor] || !raft) continue;
        const started = raft.start(command);
        if (started.isLeader) {
          index = started.index;
          break;
        }
      }
      if (index === -1) {
        await env.sleep(50);
        continue;
      }
      const submittedAt = env.now();
      while (env.now() - submittedAt < 2000) {
        const { count, command: committed } = this.nCommitted(index);
        if (count >= expected && committed === command) return index;
        await env.sleep(20);
      }
    }
    throw new Error(`one(${String(command)}) failed to reach agreement`);
  }

  /** Each connected peer's state, leaders grouped by term; two leaders in a term fail at once. */
  private look(): Map<number, number[]> {
    const leaders = new Map<number, number[]>();
    this.rafts.forEach((raft, i) => {
      if (!raft || !this.connected[i]) return;
      const { term, isLeader } = raft.getState();
      if (!isLeader) return;
      leaders.set(term, [...(leaders.get(term) ?? []), i]);
      const seen = this.leadersByTerm.get(term) ?? new Set();
      seen.add(i);
      this.leadersByTerm.set(term, seen);
      if (seen.size > 1) throw new Error(`term ${term} has ${seen.size} (>1) leaders`);
    });
    return leaders;
  }

  private boot(i: number, env: LabEnv, persister: Persister, incarnation: number): Server {
    this.ends[i] = Array.from({ length: this.n }, (_, j) => this.net.makeEnd(`${name(i)}.${incarnation}->${name(j)}`, { to: name(j) }));
    this.persisters[i] = persister;
    const service: Service = { logs: new Map(), lastApplied: 0 };
    this.services[i] = service;
    if (this.options.snapshots) ingest(service, persister.readSnapshot());
    const raft = this.impl.make(this.ends[i]!, i, persister, { send: async (msg) => this.apply(i, service, msg) }, env);
    this.rafts[i] = raft;
    this.refreshEnds();
    return Server.of({
      requestVote: (args: unknown) => (raft as unknown as Handlers).requestVote(args),
      appendEntries: (args: unknown) => (raft as unknown as Handlers).appendEntries(args),
      installSnapshot: (args: unknown) => (raft as unknown as Handlers).installSnapshot(args),
    });
  }

  /** The tester's applier: indices in order, no gaps, the same command at an index everywhere. */
  private apply(i: number, service: Service, msg: ApplyMsg): void {
    if (this.services[i] !== service) return; // a crashed incarnation's late apply
    if ("snapshotValid" in msg) {
      ingest(service, msg.snapshot);
      if (service.lastApplied !== msg.snapshotIndex) this.errors.push(`server ${i} snapshot doesn't match m.SnapshotIndex`);
      return;
    }
    if (msg.commandIndex !== service.lastApplied + 1) {
      this.errors.push(`server ${i} apply out of order, expected index ${service.lastApplied + 1}, got ${msg.commandIndex}`);
      return;
    }
    for (const [j, other] of this.services.entries()) {
      if (other.logs.has(msg.commandIndex) && other.logs.get(msg.commandIndex) !== msg.command) {
        this.errors.push(`commit index=${msg.commandIndex} server=${i} ${String(msg.command)} != server=${j} ${String(other.logs.get(msg.commandIndex))}`);
      }
    }
    service.logs.set(msg.commandIndex, msg.command);
    service.lastApplied = msg.commandIndex;
    if (this.options.snapshots && (msg.commandIndex + 1) % SNAPSHOT_INTERVAL === 0) {
      const entries = [...service.logs.entries()].filter(([index]) => index <= msg.commandIndex);
      this.rafts[i]?.snapshot(msg.commandIndex, JSON.stringify({ lastApplied: msg.commandIndex, entries }));
    }
  }

  /** End i→j is enabled when both i and j are connected, as the course's ConnectOne leaves them. */
  private refreshEnds(): void {
    this.ends.forEach((ends, i) => ends.forEach((end, j) => this.net.enable(end.name, this.connected[i]! && this.connected[j]!)));
  }
}

interface Handlers {
  requestVote(args: unknown): unknown;
  appendEntries(args: unknown): unknown;
  installSnapshot(args: unknown): unknown;
}

/** An implementation whose peers are `Kind`: the reference, or a subclass overriding a hook. */
export function implOf(Kind: typeof ReferenceRaft): RaftImplementation {
  return { make: (peers, me, persister, applyCh, env) => new Kind(peers, me, persister, applyCh, env) };
}

/** The server name of peer i. */
export function name(i: number): string {
  return `raft-${i}`;
}

/** Replaces a service's state by a snapshot's (the tester's ingestSnap). */
function ingest(service: Service, snapshot: Uint8Array | string): void {
  if (snapshot === "" || (snapshot instanceof Uint8Array && snapshot.byteLength === 0)) return;
  const { lastApplied, entries } = JSON.parse(String(snapshot)) as { lastApplied: number; entries: [number, unknown][] };
  service.logs = new Map(entries);
  service.lastApplied = lastApplied;
}
