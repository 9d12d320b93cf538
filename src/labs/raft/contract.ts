import type { ClientEnd, LabEnv } from "../../../labnet/index.js";

export type { ClientEnd, LabEnv };

/**
 * Bytes as a Raft peer persists and ships them: a Uint8Array (Go's []byte) or, for convenience,
 * a string (counted as its UTF-8 length).
 */
export type Bytes = Uint8Array | string;

/**
 * What survives a crash of a Raft peer, as on its disk (the course's Persister). Nothing else
 * does: a restarted peer is built again from what its previous incarnation saved last.
 *
 * @example
 * persister.save(JSON.stringify({ term, votedFor, log }), snapshot); // both, atomically
 * const saved = persister.readRaftState();                          // "" before the first save
 */
export interface RaftPersister {
  /**
   * Saves the Raft state and the snapshot in one atomic write. A missing (`null`/`undefined`)
   * snapshot saves an empty one, erasing any earlier snapshot: once the log is trimmed, every
   * save must pass the current snapshot again.
   */
  save(raftState: Bytes, snapshot: Bytes | null | undefined): void;
  /** The Raft state saved last ("" before any save). */
  readRaftState(): Bytes;
  /** The snapshot saved last ("" before any save, or after a save without one). */
  readSnapshot(): Bytes;
  /** Size in bytes of the Raft state saved last (the 3D tests' limit is on this). */
  raftStateSize(): number;
  /** Size in bytes of the snapshot saved last. */
  snapshotSize(): number;
}

/** A newly committed command, delivered in index order, once per index (indices start at 1). */
export interface CommandMsg {
  commandValid: true;
  command: unknown;
  commandIndex: number;
}

/** A snapshot the service must install: its state covers every index up to `snapshotIndex`. */
export interface SnapshotMsg {
  snapshotValid: true;
  snapshot: Bytes;
  snapshotTerm: number;
  snapshotIndex: number;
}

/** A message on the apply channel (the course's ApplyMsg). */
export type ApplyMsg = CommandMsg | SnapshotMsg;

/**
 * Where a peer delivers what it applies (the course's unbuffered applyCh): `send` resolves once
 * the service above has taken the message, so a peer that awaits it applies one message at a
 * time. The tester's service may call the peer's `snapshot()` before `send` resolves.
 */
export interface ApplyChannel {
  send(msg: ApplyMsg): Promise<void>;
  /**
   * A killed peer closes its channel (as the course's Raft closes applyCh on Kill), so the service
   * above learns it is done and gives up what it waits for. Optional for the Raft lab's tester.
   */
  close?(): void;
}

/** What `start` answers: where the command would sit in the log, and whether this peer leads. */
export interface StartResult {
  index: number;
  term: number;
  isLeader: boolean;
}

/** What `getState` answers. */
export interface RaftState {
  term: number;
  isLeader: boolean;
}

/**
 * A peer's inner state, for checking Raft's invariants at every step and for explaining a failure
 * in Raft's terms. Optional: without it the tester checks what it can see (applied commands and
 * `getState`), and explanations show less.
 */
export interface RaftInspection {
  term: number;
  votedFor: number | null;
  role: "follower" | "candidate" | "leader";
  /** The entries the peer holds, after its snapshot: `index` is the entry's log index. */
  log: { index: number; term: number; command: unknown }[];
  /** The last index (and its term) the peer's snapshot covers; 0 without a snapshot. */
  snapshotIndex: number;
  snapshotTerm: number;
  commitIndex: number;
  lastApplied: number;
}

/**
 * One Raft peer (the course's Raft). The five methods below are its contract with the tester;
 * every other method is an RPC handler other peers reach by name, `peers[j].call("requestVote",
 * args)`, named as the implementer likes. Handlers get a copy of the arguments and may be async.
 */
export interface RaftPeer {
  /**
   * Starts agreement on `command`, at once and without waiting for it to commit. A peer that is
   * not the leader answers `isLeader: false`. Must answer even after `kill()`.
   */
  start(command: unknown): StartResult;
  /** The current term, and whether this peer believes it is the leader. */
  getState(): RaftState;
  /**
   * The service has a snapshot of everything up to and including `index`: the peer may trim its
   * log up to there. Called on every peer, possibly from inside `applyCh.send`.
   */
  snapshot(index: number, snapshot: Bytes): void;
  /** The peer is crashed: its loops should stop (it will not be called again). */
  kill(): void;
  /** See RaftInspection. */
  inspect?(): RaftInspection;
}

/**
 * What `kvlab test --lab raft --impl ./my-raft.ts` loads: the module's default export.
 *
 * @example
 * export default {
 *   name: "my-raft",
 *   make: (peers, me, persister, applyCh, env) => new MyRaft(peers, me, persister, applyCh, env),
 * } satisfies RaftImplementation;
 */
export interface RaftImplementation {
  name?: string;
  /**
   * Builds peer `me`, given an end to every peer (`peers[me]` reaches itself), the persister
   * holding what its previous incarnation saved, the apply channel and its environment (virtual
   * time and seeded randomness: never real timers or Math.random). Must return quickly; long
   * work (election timers, heartbeats, the applier) runs as async loops on `env.sleep`.
   */
  make(peers: ClientEnd[], me: number, persister: RaftPersister, applyCh: ApplyChannel, env: LabEnv): RaftPeer;
}

/** The contract's methods: never offered as RPC handlers. */
export const CONTRACT_METHODS: readonly string[] = ["start", "getState", "snapshot", "kill", "inspect"];
