import type { ClientEnd, GetArgs, GetReply, KVRaftImplementation, KVRaftServer, LabEnv, PutArgs, PutReply, RaftImplementation, RaftPeer, RaftPersister, Rsm } from "../contract.js";
import { type KVOp, KVStateMachine } from "./kv-state-machine.js";
import { ReferenceRsm } from "./rsm.js";

/**
 * How a server builds its rsm: the reference's, or another (say a buggy example's). An rsm with a
 * `shutdown` is told when the server is killed, in case its Raft does not close the apply channel.
 */
export type MakeRsm = (...args: Parameters<KVRaftImplementation["makeRsm"]>) => Rsm & { shutdown?(): void };

const referenceRsm: MakeRsm = (servers, me, persister, maxRaftState, sm, env, raft) => new ReferenceRsm(servers, me, persister, maxRaftState, sm, env, raft);

/**
 * The reference replicated KV server: its handlers `get` and `put` submit the request through the
 * rsm and answer what the KV table returned when the request was applied, or ErrWrongLeader. A get
 * goes through the log too, so a leader cut off in a minority never answers from stale state.
 * There is no duplicate table: a resent put meets its own version bump and fails with ErrVersion.
 *
 * Every method but `raft` and `kill` is offered as an RPC handler, so the class has no others.
 */
export class ReferenceKVServer implements KVRaftServer {
  /** The table the rsm applies to (a subclass may read it, as a server that serves reads locally would). */
  protected readonly sm = new KVStateMachine();
  protected readonly rsm: ReturnType<MakeRsm>;
  private dead = false;

  constructor(servers: ClientEnd[], me: number, persister: RaftPersister, maxRaftState: number, env: LabEnv, raft: RaftImplementation, makeRsm: MakeRsm = referenceRsm) {
    this.rsm = makeRsm(servers, me, persister, maxRaftState, this.sm, env, raft);
  }

  async get(args: GetArgs): Promise<GetReply> {
    const op: KVOp = { op: "get", key: args.key };
    const result = this.dead ? undefined : await this.rsm.submit(op);
    return result?.err === "OK" ? (result.value as GetReply) : { value: "", version: 0, err: "ErrWrongLeader" };
  }

  async put(args: PutArgs): Promise<PutReply> {
    const op: KVOp = { op: "put", key: args.key, value: args.value, version: args.version };
    const result = this.dead ? undefined : await this.rsm.submit(op);
    return result?.err === "OK" ? (result.value as PutReply) : { err: "ErrWrongLeader" };
  }

  raft(): RaftPeer {
    return this.rsm.raft();
  }

  /** Crashed: this request and every later one is refused (the tester kills the Raft peer too). */
  kill(): void {
    this.dead = true;
    this.rsm.shutdown?.();
  }
}
