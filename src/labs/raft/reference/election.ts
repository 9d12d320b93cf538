import { RaftCore } from "./core.js";
import type { RequestVoteArgs, RequestVoteReply } from "./messages.js";

/**
 * Leader election (3A): a follower that hears from no leader before its randomized deadline stands
 * as a candidate, asks every peer for its vote at once, and leads on a majority. Becoming leader is
 * replication's part.
 */
export abstract class ElectingRaft extends RaftCore {
  private votes = 0;

  requestVote(args: RequestVoteArgs): RequestVoteReply {
    if (args.term > this.term) this.becomeFollower(args.term);
    const voteGranted =
      args.term === this.term &&
      (this.votedFor === null || this.votedFor === args.candidateId) &&
      this.candidateLogIsUpToDate(args.lastLogIndex, args.lastLogTerm);
    if (voteGranted) {
      this.votedFor = args.candidateId;
      this.unsaved = true;
      this.onVoteGranted();
    }
    this.persistBeforeReply();
    return { term: this.term, voteGranted };
  }

  // Hooks: each holds one rule that a classic bug breaks.

  /**
   * The election restriction (§5.4.1): vote only for a candidate whose log is at least as
   * up-to-date as ours (a later last term, or the same last term and at least as long). Without it,
   * a candidate missing committed entries can win and overwrite them on the others.
   */
  protected candidateLogIsUpToDate(lastLogIndex: number, lastLogTerm: number): boolean {
    if (lastLogTerm !== this.log.lastTerm) return lastLogTerm > this.log.lastTerm;
    return lastLogIndex >= this.log.lastIndex;
  }

  /**
   * Granting a vote restarts the election timer (Figure 2, Followers): a follower that votes and
   * then times out anyway starts a needless election, and in a cluster that keeps doing so the
   * candidates unseat each other and no leader lasts.
   */
  protected onVoteGranted(): void {
    this.resetElectionTimer();
  }

  protected abstract becomeLeader(): void;

  /** Sleeps until the election deadline, which votes and heartbeats keep pushing back; then stands. */
  protected async ticker(): Promise<void> {
    while (!this.dead) {
      const wait = this.electionDeadline - this.env.now();
      // The clock ticks in microseconds: a shorter wait would sleep for nothing, again and again.
      if (wait >= 0.001) {
        await this.env.sleep(wait);
        continue;
      }
      if (this.role === "leader") this.resetElectionTimer();
      else this.startElection();
    }
  }

  private startElection(): void {
    this.term++;
    this.role = "candidate";
    this.votedFor = this.me;
    this.votes = 1;
    this.persist();
    this.resetElectionTimer();
    const args: RequestVoteArgs = { term: this.term, candidateId: this.me, lastLogIndex: this.log.lastIndex, lastLogTerm: this.log.lastTerm };
    if (this.isMajority(this.votes)) this.becomeLeader();
    for (const peer of this.others) void this.askVote(peer, args);
  }

  private async askVote(peer: number, args: RequestVoteArgs): Promise<void> {
    const reply = await this.peers[peer]!.call<RequestVoteArgs, RequestVoteReply>("requestVote", args);
    if (!reply || this.dead) return;
    if (this.stepDownIfBehind(reply.term)) return;
    if (this.role !== "candidate" || this.term !== args.term || !reply.voteGranted) return;
    if (this.isMajority(++this.votes)) this.becomeLeader();
  }
}
