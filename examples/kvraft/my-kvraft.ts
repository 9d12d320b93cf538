// Your replicated KV service: the course's kvraft1 (rsm/rsm.go, server.go, client.go), in
// TypeScript. `kvlab init --lab kvraft` copies this file into a new folder; `npx kvlab test --lab
// kvraft --impl ./my-kvraft.ts` there runs the course's tests on it, over the reference Raft (or
// over your own from the Raft lab: add `--raft ./my-raft.ts`). As it stands it loads and runs, and
// fails: submit never commits anything, so the first test says "oneInc: Inc was not committed
// within 10 seconds". Fill in the parts marked "Your code here", as in the course: the rsm first
// (4A), then the server and clerk (4B), then snapshots (4C).
//
// What each part is given and offers is kvlab's KVRaftImplementation, Rsm, StateMachine and
// KVRaftServer (their doc comments, and README's "The replicated KV lab"). Differences from Go:
// - No goroutines and no locks: your code runs alone until it awaits (a reply, a sleep, a submit),
//   and anything may have changed when it resumes. Raft hands each ApplyMsg to applyCh.send and
//   waits for the promise it returns: that is your reader "goroutine".
// - Time and randomness come from `env` (env.sleep, env.now, env.random), never setTimeout, Date or
//   Math.random: the tests run in virtual time, and a seed replays a run exactly.
// - Every method of the server but raft() and kill() is an RPC handler a clerk calls by name
//   ("get", "put"), so the state machine (the course's KVServer.DoOp, Snapshot, Restore) is a class
//   of its own here.
import type {
  ApplyMsg,
  Bytes,
  Clerk,
  ClientEnd,
  KVRaftGetReply,
  KVRaftImplementation,
  KVRaftPutReply,
  KVRaftServer,
  GetArgs,
  GetReply,
  LabEnv,
  PutArgs,
  Err,
  RaftImplementation,
  RaftPeer,
  RaftPersister,
  Rsm,
  StateMachine,
  SubmitResult,
} from "kvlab";

// ---- rsm/rsm.go ----

/** What the rsm puts in Raft's log. It travels as a copy; name the fields as you like. */
export interface Op {
  // Your definitions here.
  // e.g. op = { me, id, req }, where req is the argument to submit and id is a unique id for the op.
}

/** The replicated-state-machine layer over one Raft peer. */
export class RSM implements Rsm {
  readonly rf: RaftPeer;

  // Your definitions here.

  /**
   * servers[] contains the ports of the set of servers that will cooperate via Raft to form the
   * fault-tolerant key/value service. me is the index of the current server in servers[].
   *
   * The k/v server should store snapshots through the underlying Raft implementation, which should
   * call persister.save() to atomically save the Raft state along with the snapshot. The RSM should
   * snapshot when Raft's saved state exceeds maxraftstate bytes, in order to allow Raft to
   * garbage-collect its log. If maxraftstate is -1, you don't need to snapshot.
   *
   * makeRsm() must return quickly, so it should start async loops for any long-running work.
   */
  constructor(
    servers: ClientEnd[],
    readonly me: number,
    readonly persister: RaftPersister,
    readonly maxraftstate: number,
    readonly sm: StateMachine,
    readonly env: LabEnv,
    raft: RaftImplementation,
  ) {
    // Raft delivers each committed entry (and each snapshot) here, one at a time, in order; a killed
    // Raft peer may close the channel.
    const applyCh = { send: (msg: ApplyMsg) => this.applied(msg), close: () => this.closed() };
    this.rf = raft.make(servers, me, persister, applyCh, env);
  }

  raft(): RaftPeer {
    return this.rf;
  }

  /**
   * Submit a command to Raft, and wait for it to be committed. It should return ErrWrongLeader if
   * the client should find a new leader and try again.
   */
  async submit(_req: unknown): Promise<SubmitResult> {
    // submit creates an Op to run a command through Raft; for example: const op = { me: this.me,
    // id, req }, where req is the argument to submit and id is a unique id for the op.

    // your code here
    return { err: "ErrWrongLeader" }; // i'm dead, try another server.
  }

  /** What Raft applies: a committed command (msg.commandValid) or a snapshot (msg.snapshotValid). */
  async applied(_msg: ApplyMsg): Promise<void> {
    // Your code here.
  }

  /** Raft was killed and closed the channel: no submit still waiting will ever be answered. */
  closed(): void {
    // Your code here.
  }
}

// ---- server.go ----

/** The key/value table the rsm replicates: what the course's KVServer does in DoOp, Snapshot and Restore. */
export class KVStateMachine implements StateMachine {
  // Your definitions here.

  /** Applies a committed request (a GetArgs or a PutArgs, as the server submitted it) and returns its reply. */
  doOp(_req: unknown): unknown {
    // Your code here
    return undefined;
  }

  snapshot(): Bytes {
    // Your code here
    return "";
  }

  restore(_data: Bytes): void {
    // Your code here
  }
}

/** One replicated KV server. Every method but raft and kill is an RPC handler a clerk calls by name. */
export class KVServer implements KVRaftServer {
  /** Set by kill(). */
  dead = false;
  readonly rsm: RSM;

  // Your definitions here.

  /** startKVServer() and makeRsm() must return quickly, so they should start async loops for any long-running work. */
  constructor(servers: ClientEnd[], readonly me: number, persister: RaftPersister, maxraftstate: number, env: LabEnv, raft: RaftImplementation) {
    this.rsm = new RSM(servers, me, persister, maxraftstate, new KVStateMachine(), env, raft);
    // You may need initialization code here.
  }

  async get(_args: GetArgs): Promise<KVRaftGetReply> {
    // Your code here. Use this.rsm.submit() to submit args. Its value is what doOp returned for
    // them: a KVRaftGetReply.
    return { value: "", version: 0, err: "ErrWrongLeader" };
  }

  async put(_args: PutArgs): Promise<KVRaftPutReply> {
    // Your code here. Use this.rsm.submit() to submit args. Its value is what doOp returned for
    // them: a KVRaftPutReply.
    return { err: "ErrWrongLeader" };
  }

  raft(): RaftPeer {
    return this.rsm.raft();
  }

  /**
   * The tester calls kill() when a KVServer instance won't be needed again (it kills its Raft
   * peer too). killed() lets long-running loops stop; you're not required to do anything about
   * this, but it may be convenient (for example) to suppress debug output from a killed instance.
   */
  kill(): void {
    this.dead = true;
    // Your code here, if desired.
  }

  killed(): boolean {
    return this.dead;
  }
}

// ---- client.go ----

/** The clerk: the KV lab's get and put, over every server. */
export class KVClerk implements Clerk {
  // You will have to modify this class.

  constructor(readonly servers: ClientEnd[], readonly env: LabEnv) {
    // You'll have to add code here.
  }

  /**
   * get fetches the current value and version for a key. It returns ErrNoKey if the key does not
   * exist. It keeps trying forever in the face of all other errors.
   *
   * You can send an RPC to server i with code like this:
   *   const reply = await this.servers[i]!.call<GetArgs, KVRaftGetReply>("get", { key });
   * reply is undefined when the request or the reply was lost, or the server is down or cut off.
   */
  async get(_key: string): Promise<GetReply> {
    // You will have to modify this function.
    return { value: "", version: 0, err: "ErrNoKey" };
  }

  /**
   * put updates key with value only if the version in the request matches the version of the key
   * at the server. If the version numbers don't match, the server should return ErrVersion. If put
   * receives an ErrVersion on its first RPC, put should return ErrVersion, since the put was
   * definitely not performed at the server. If the server returns ErrVersion on a resend RPC, then
   * put must return ErrMaybe to the application, since its earlier RPC might have been processed
   * by the server successfully but the response was lost, and the clerk doesn't know if the put
   * was performed or not.
   *
   * You can send an RPC to server i with code like this:
   *   const reply = await this.servers[i]!.call<PutArgs, KVRaftPutReply>("put", { key, value, version });
   */
  async put(_key: string, _value: string, _version: number): Promise<Err> {
    // You will have to modify this function.
    return "ErrNoKey";
  }
}

export default {
  name: "my-kvraft",
  makeRsm: (servers, me, persister, maxRaftState, sm, env, raft) => new RSM(servers, me, persister, maxRaftState, sm, env, raft),
  startKVServer: (servers, me, persister, maxRaftState, env, raft) => new KVServer(servers, me, persister, maxRaftState, env, raft),
  makeClerk: (servers, env) => new KVClerk(servers, env),
} satisfies KVRaftImplementation;
