import type { ApplyChannel, ApplyMsg, Bytes, RaftImplementation, RaftPeer, RaftState, StartResult } from "../../../../src/labs/raft/contract.js";

/**
 * A Raft peer the test drives by hand, to test an rsm alone: start takes the next index in the
 * current term while it leads, the test decides what the apply channel carries and when, and
 * kill closes the channel as the reference Raft does.
 */
export class HandRaft implements RaftPeer {
  state: RaftState = { term: 1, isLeader: true };
  readonly started: unknown[] = [];
  readonly snapshots: { index: number; snapshot: Bytes }[] = [];
  private nextIndex = 1;

  constructor(readonly channel: ApplyChannel) {}

  start(command: unknown): StartResult {
    if (!this.state.isLeader) return { index: -1, term: this.state.term, isLeader: false };
    this.started.push(command);
    return { index: this.nextIndex++, term: this.state.term, isLeader: true };
  }

  getState(): RaftState {
    return this.state;
  }

  snapshot(index: number, snapshot: Bytes): void {
    this.snapshots.push({ index, snapshot });
  }

  kill(): void {
    this.channel.close?.();
  }

  /** Delivers a committed command at `index`. */
  apply(index: number, command: unknown): Promise<void> {
    const msg: ApplyMsg = { commandValid: true, command, commandIndex: index };
    return this.channel.send(msg);
  }

  /** Delivers a snapshot covering up to `index`. */
  install(index: number, snapshot: Bytes): Promise<void> {
    return this.channel.send({ snapshotValid: true, snapshot, snapshotTerm: this.state.term, snapshotIndex: index });
  }
}

/** A Raft implementation making HandRafts, keeping the last one made. */
export function handRaft(): { impl: RaftImplementation; last(): HandRaft } {
  let made: HandRaft | undefined;
  return {
    impl: { make: (_peers, _me, _persister, applyCh) => (made = new HandRaft(applyCh)) },
    last: () => made!,
  };
}
