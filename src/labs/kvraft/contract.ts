import type { ClientEnd, LabEnv } from "../../../labnet/index.js";
import type { Clerk, GetArgs, PutArgs, Err as KvErr } from "../kv/index.js";
import type { Bytes, RaftImplementation, RaftPeer, RaftPersister } from "../raft/index.js";

export type { ClientEnd, LabEnv, Clerk, GetArgs, PutArgs, Bytes, RaftImplementation, RaftPeer, RaftPersister };

/** The KV lab's errors, and the one a server that is not the leader answers. */
export type Err = KvErr | "ErrWrongLeader";

/** What a replicated server's get answers (the KV lab's GetReply, with ErrWrongLeader). */
export interface GetReply {
  value: string;
  version: number;
  err: Err;
}

/** What a replicated server's put answers. */
export interface PutReply {
  err: Err;
}

/**
 * The service an rsm replicates (the course's StateMachine): the rsm hands it every committed
 * operation in log order, on every peer, and snapshots and restores it.
 */
export interface StateMachine {
  /** Applies one committed operation and returns its result (what `submit` answers for it). */
  doOp(req: unknown): unknown;
  /** The service's whole state, for a snapshot. */
  snapshot(): Bytes;
  /** Replaces the service's state with a snapshot's. */
  restore(snapshot: Bytes): void;
}

/** What `submit` answers: the operation's result once applied, or that this peer cannot lead it. */
export type SubmitResult = { err: "OK"; value: unknown } | { err: "ErrWrongLeader" };

/**
 * The replicated-state-machine layer over one Raft peer (the course's RSM). It makes the peer
 * (through the Raft implementation it is given), reads its apply channel, and takes snapshots
 * when the Raft state grows past `maxRaftState`.
 */
export interface Rsm {
  /**
   * Starts `req` through Raft and resolves once it is committed and applied, with what the state
   * machine's doOp returned for it; `ErrWrongLeader` if this peer is not the leader, or stopped
   * being leader before `req` committed (another operation took its index, or the term moved on).
   * Must resolve (ErrWrongLeader) after the peer is killed.
   */
  submit(req: unknown): Promise<SubmitResult>;
  /** The Raft peer under it. */
  raft(): RaftPeer;
}

/**
 * One replicated KV server: the KV lab's get/put, checked and applied at apply time through the
 * rsm. Every method other than `raft` and `kill` is an RPC handler the clerk reaches by name.
 */
export interface KVRaftServer {
  /** The Raft peer under the server (the tester reads its state, and kills it at a crash). */
  raft(): RaftPeer;
  /** The server is crashed: it should stop its loops. The tester also kills its Raft peer. */
  kill?(): void;
}

/**
 * What `kvlab test --lab kvraft --impl ./my-kvraft.ts` loads: the module's default export. The
 * Raft under it is `--raft`'s (the reference Raft by default), given to `makeRsm` and
 * `startKVServer`.
 *
 * @example
 * export default {
 *   name: "my-kvraft",
 *   makeRsm: (servers, me, persister, maxRaftState, sm, env, raft) => new MyRsm(servers, me, persister, maxRaftState, sm, env, raft),
 *   startKVServer: (servers, me, persister, maxRaftState, env, raft) => new MyKVServer(servers, me, persister, maxRaftState, env, raft),
 *   makeClerk: (servers, env) => new MyClerk(servers, env),
 * } satisfies KVRaftImplementation;
 */
export interface KVRaftImplementation {
  name?: string;
  /**
   * Builds the rsm of peer `me` over `servers` (an end to every peer, `servers[me]` itself): it
   * makes the Raft peer with `raft.make(servers, me, persister, applyCh, env)`. `maxRaftState` is
   * the Raft state size (bytes) past which it snapshots; -1: never snapshot.
   */
  makeRsm(servers: ClientEnd[], me: number, persister: RaftPersister, maxRaftState: number, sm: StateMachine, env: LabEnv, raft: RaftImplementation): Rsm;
  /** Builds KV server `me`, on an rsm it makes with makeRsm; must return quickly. */
  startKVServer(servers: ClientEnd[], me: number, persister: RaftPersister, maxRaftState: number, env: LabEnv, raft: RaftImplementation): KVRaftServer;
  /**
   * A clerk over every server's end: the KV lab's get and put (ErrMaybe for a resent put that
   * meets ErrVersion), finding the leader and remembering it; never answers ErrWrongLeader.
   */
  makeClerk(servers: ClientEnd[], env: LabEnv): Clerk;
}

/** The server's contract methods: never offered as RPC handlers. */
export const SERVER_CONTRACT_METHODS: readonly string[] = ["raft", "kill"];
