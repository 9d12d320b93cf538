import type { LabEnv } from "../../../../labnet/index.js";
import type {
  ClientEnd,
  Clerk,
  KVRaftImplementation,
  KVRaftServer,
  RaftImplementation,
  RaftPeer,
  RaftPersister,
  Rsm,
  StateMachine,
  SubmitResult,
} from "../../../../src/labs/kvraft/contract.js";
import type { Err as KvErr, GetReply } from "../../../../src/labs/kv/index.js";
import { KvRaftWorld } from "../../../../src/labs/kvraft/world/index.js";
import { asTester } from "../../../support/as-tester.js";

/** A stand-in Raft peer the tests steer by hand: leadership is a field; `ping` is an RPC handler; `tick` counts its timer's wakes. */
export class FakeRaft implements RaftPeer {
  term = 1;
  leader = false;
  killed = false;
  ticks = 0;

  constructor(
    readonly peers: ClientEnd[],
    readonly me: number,
    readonly persister: RaftPersister,
    readonly env: LabEnv,
  ) {}

  start() {
    return { index: 1, term: this.term, isLeader: this.leader };
  }

  getState() {
    return { term: this.term, isLeader: this.leader };
  }

  snapshot(): void {}

  kill(): void {
    this.killed = true;
  }

  /** An RPC handler. */
  ping(args: { n: number }) {
    return { n: args.n + 1, from: this.me };
  }

  /** Counts its timer's wakes, for ever. */
  async tick(): Promise<void> {
    for (;;) {
      await this.env.sleep(10);
      this.ticks++;
    }
  }
}

/** A stand-in rsm: submit does what `onSubmit` says (by default ErrWrongLeader), or hands req to the state machine when its Raft leads. */
export class FakeRsm implements Rsm {
  submitted: unknown[] = [];

  constructor(
    readonly sm: StateMachine,
    readonly peer: FakeRaft,
    readonly env: LabEnv,
    readonly onSubmit: ((rsm: FakeRsm, req: unknown) => Promise<SubmitResult>) | undefined,
  ) {}

  submit(req: unknown): Promise<SubmitResult> {
    this.submitted.push(req);
    if (this.onSubmit) return this.onSubmit(this, req);
    return Promise.resolve(this.peer.leader ? { err: "OK", value: this.sm.doOp(req) } : { err: "ErrWrongLeader" });
  }

  raft(): RaftPeer {
    return this.peer;
  }
}

/** A stand-in KV server: get answers "v"; `kill` is recorded; its own loop (`own`) runs on the server's env. */
export class FakeKVServer implements KVRaftServer {
  killed = false;
  ownTicks = 0;

  constructor(
    readonly peer: FakeRaft,
    readonly env: LabEnv,
  ) {}

  raft(): RaftPeer {
    return this.peer;
  }

  kill(): void {
    this.killed = true;
  }

  /** An RPC handler. */
  get(args: { key: string }): GetReply {
    return { value: `v-${args.key}`, version: 1, err: "OK" };
  }

  /** A loop on the server's own env, which a crash does not stop (as a Go server's goroutines). */
  async own(): Promise<void> {
    for (;;) {
      await this.env.sleep(10);
      this.ownTicks++;
    }
  }
}

/** A scripted clerk: get and put answer what `answers` hands out in order, then the last one again. */
export class ScriptedClerk implements Clerk {
  readonly calls: string[] = [];

  constructor(
    readonly ends: ClientEnd[],
    private readonly answers: (GetReply | string)[] = [],
  ) {}

  private next(): GetReply | string | undefined {
    return this.answers.length > 1 ? this.answers.shift() : this.answers[0];
  }

  async get(key: string): Promise<GetReply> {
    this.calls.push(`get ${key}`);
    const answer = this.next();
    return typeof answer === "object" ? answer : { value: "", version: 0, err: "ErrNoKey" };
  }

  /** A scripted answer may be one a clerk must never give (ErrWrongLeader), to see the tester catch it. */
  async put(key: string, value: string, version: number): Promise<KvErr> {
    this.calls.push(`put ${key} ${value} ${version}`);
    const answer = this.next();
    return (typeof answer === "string" ? answer : "OK") as KvErr;
  }
}

/** A fake implementation, keeping everything it made; `clerkAnswers` scripts every clerk made after it is set. */
export function fakeImpl(options: { onSubmit?: (rsm: FakeRsm, req: unknown) => Promise<SubmitResult>; makeRaft?: boolean } = {}) {
  const rafts: FakeRaft[] = [];
  const rsms: FakeRsm[] = [];
  const servers: FakeKVServer[] = [];
  const clerks: ScriptedClerk[] = [];
  const script: { clerkAnswers: (GetReply | string)[] } = { clerkAnswers: [] };
  const makePeer = (raft: RaftImplementation, servers_: ClientEnd[], me: number, persister: RaftPersister, env: LabEnv): FakeRaft =>
    raft.make(servers_, me, persister, { send: async () => {} }, env) as FakeRaft;
  const raft: RaftImplementation = {
    name: "fake-raft",
    make: (peers, me, persister, _applyCh, env) => rafts[rafts.push(new FakeRaft(peers, me, persister, env)) - 1]!,
  };
  const kvraft: KVRaftImplementation = {
    name: "fake",
    makeRsm: (ends, me, persister, _max, sm, env, raftImpl) => {
      const peer = options.makeRaft === false ? new FakeRaft(ends, me, persister, env) : makePeer(raftImpl, ends, me, persister, env);
      return rsms[rsms.push(new FakeRsm(sm, peer, env, options.onSubmit)) - 1]!;
    },
    startKVServer: (ends, me, persister, _max, env, raftImpl) => servers[servers.push(new FakeKVServer(makePeer(raftImpl, ends, me, persister, env), env)) - 1]!,
    makeClerk: (ends) => clerks[clerks.push(new ScriptedClerk(ends, [...script.clerkAnswers])) - 1]!,
  };
  return { impl: { kvraft, raft }, rafts, rsms, servers, clerks, script };
}

/** Runs `body` as the tester of a fresh world set up with `servers` servers; resolves with the world and the run's failure text, if any. */
export async function inWorld(
  impl: { kvraft: KVRaftImplementation; raft: RaftImplementation },
  mode: "rsm" | "kv",
  servers: number,
  body: (t: KvRaftWorld) => Promise<void>,
  options: { seed?: number; reliable?: boolean; maxRaftState?: number; checkSteps?: number } = {},
): Promise<{ world: KvRaftWorld; failure?: string }> {
  const world = new KvRaftWorld(impl, { seed: options.seed ?? 1, reliable: options.reliable ?? true, checkSteps: options.checkSteps });
  world.setup(mode, servers, options.maxRaftState ?? -1);
  return asTester(world, body);
}
