// Your Raft: the course's raft1/raft.go, in TypeScript. `kvlab init --lab raft` copies this file
// into a new folder; `npx kvlab test --lab raft --impl ./my-raft.ts` there runs the course's tests
// on it. As it stands it loads and runs, and fails: no peer ever becomes leader, so the first test
// says "expected one leader, got none". Fill in the parts marked "Your code here", as in the course.
//
// What make() is given and what a peer offers is kvlab's RaftImplementation and RaftPeer (their doc
// comments, and README's "The Raft lab"). Two differences from Go:
// - No goroutines and no locks: a peer's code runs alone until it awaits (an RPC's reply, a sleep,
//   applyCh.send), and anything may have changed when it resumes: check the term again after an await.
// - Time and randomness come from `env` (env.sleep, env.now, env.random), never setTimeout, Date or
//   Math.random: the tests run in virtual time, and a seed replays a run exactly.
import type { ApplyChannel, Bytes, ClientEnd, LabEnv, RaftImplementation, RaftPeer, RaftPersister, RaftState, StartResult } from "kvlab";

/** Example RequestVote RPC arguments. They travel as a copy; name the fields as you like. */
export interface RequestVoteArgs {
  // Your data here (3A, 3B).
}

/** Example RequestVote RPC reply. */
export interface RequestVoteReply {
  // Your data here (3A).
}

/** A Raft peer. Every method but start, getState, snapshot, kill and inspect is an RPC other peers can call by name. */
export class Raft implements RaftPeer {
  /** Set by kill(). */
  dead = false;

  // Your data here (3A, 3B, 3C).
  // Look at the paper's Figure 2 for a description of what state a Raft server must maintain:
  //   persistent on all servers (persist() before answering an RPC): currentTerm, votedFor, log[]
  //   volatile on all servers: commitIndex, lastApplied
  //   volatile on leaders (reinitialized after an election): nextIndex[], matchIndex[]

  /**
   * The service or tester wants to create a Raft peer. The ports of all the Raft peers (including
   * this one) are in peers[]; this peer's port is peers[me]. persister is where this peer saves its
   * persistent state, and also initially holds the most recent saved state, if any. applyCh is where
   * the tester or service expects Raft to send ApplyMsg messages. The constructor must return quickly:
   * start long-running work (the ticker, heartbeats, the applier) as async loops on env.sleep.
   */
  constructor(
    readonly peers: ClientEnd[],
    readonly me: number,
    readonly persister: RaftPersister,
    readonly applyCh: ApplyChannel,
    readonly env: LabEnv,
  ) {
    // Your initialization code here (3A, 3B, 3C).

    // initialize from state persisted before a crash
    this.readPersist(persister.readRaftState());

    // start the ticker loop to start elections
    void this.ticker();
  }

  /** The current term, and whether this peer believes it is the leader. */
  getState(): RaftState {
    const term = 0;
    const isLeader = false;
    // Your code here (3A).
    return { term, isLeader };
  }

  /**
   * Saves Raft's persistent state to stable storage, where it can later be retrieved after a crash
   * and restart. See the paper's Figure 2 for a description of what should be persistent. Before
   * you've implemented snapshots, pass null as the second argument to persister.save(). After
   * you've implemented snapshots, pass the current snapshot (or null if there's not yet a snapshot).
   */
  persist(): void {
    // Your code here (3C).
    // Example:
    // this.persister.save(JSON.stringify({ currentTerm: this.currentTerm, votedFor: this.votedFor, log: this.log }), null);
  }

  /** Restores previously persisted state. */
  readPersist(data: Bytes): void {
    if (data.length < 1) return; // bootstrap without any state?
    // Your code here (3C).
    // Example:
    // const text = typeof data === "string" ? data : new TextDecoder().decode(data);
    // ({ currentTerm: this.currentTerm, votedFor: this.votedFor, log: this.log } = JSON.parse(text));
  }

  /**
   * The service says it has created a snapshot that has all info up to and including index. This
   * means the service no longer needs the log through (and including) that index. Raft should now
   * trim its log as much as possible.
   */
  snapshot(_index: number, _snapshot: Bytes): void {
    // Your code here (3D).
  }

  /** Example RequestVote RPC handler: other peers call it as peers[i].call("requestVote", args). */
  requestVote(_args: RequestVoteArgs): RequestVoteReply {
    // Your code here (3A, 3B).
    return {};
  }

  /**
   * Example code to send a RequestVote RPC to a peer. The reply is undefined when the network lost
   * the request or the reply, or the peer is down or cut off: call() then resolves after a delay
   * (up to seven seconds with the tests' long delays), so never wait for one peer before asking the
   * next. A call is never lost without saying so: it always resolves, with the reply or undefined.
   */
  sendRequestVote(server: number, args: RequestVoteArgs): Promise<RequestVoteReply | undefined> {
    return this.peers[server]!.call<RequestVoteArgs, RequestVoteReply>("requestVote", args);
  }

  /**
   * The service using Raft (e.g. a k/v server) wants to start agreement on the next command to be
   * appended to Raft's log. If this peer isn't the leader, return isLeader false. Otherwise start
   * the agreement and return at once. There is no guarantee that this command will ever be
   * committed to the Raft log, since the leader may fail or lose an election. Even if the Raft
   * instance has been killed, this function should return gracefully.
   *
   * index is where the command will appear if it's ever committed; term is the current term.
   */
  start(_command: unknown): StartResult {
    const index = -1;
    const term = -1;
    const isLeader = true;
    // Your code here (3B).
    return { index, term, isLeader };
  }

  /**
   * The tester calls kill() when it crashes this peer and, at the end of each test, on every peer
   * still alive. Your code can use killed() to check whether kill() has been called, so loops stop
   * instead of running on (and printing confusing messages) after a crash. A service above Raft
   * (the replicated KV lab's rsm) learns of it when kill() closes the apply channel.
   */
  kill(): void {
    this.dead = true;
    this.applyCh.close?.();
    // Your code here, if desired.
  }

  killed(): boolean {
    return this.dead;
  }

  async ticker(): Promise<void> {
    while (!this.killed()) {
      // Your code here (3A)
      // Check if a leader election should be started.

      // pause for a random amount of time between 50 and 350 milliseconds.
      const ms = 50 + Math.floor(this.env.random() * 300);
      await this.env.sleep(ms);
    }
  }
}

export default {
  name: "my-raft",
  make: (peers, me, persister, applyCh, env) => new Raft(peers, me, persister, applyCh, env),
} satisfies RaftImplementation;
