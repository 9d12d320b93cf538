import type { ApplyMsg, Bytes, ClientEnd, LabEnv, RaftImplementation, RaftPersister, ApplyChannel, StartResult } from "../../../../src/labs/raft/contract.js";
import { ReferenceRaft } from "../../../../src/labs/raft/reference/index.js";
import { RaftLog } from "../../../../src/labs/raft/reference/log.js";
import { StateEncoder } from "../../../../src/labs/raft/reference/state-codec.js";
import type { AppendEntriesArgs, AppendEntriesReply } from "../../../../src/labs/raft/reference/messages.js";
import { FakePeer } from "../world/fakes.js";
import { allRaftTests, runRaftTest } from "./test-lab.js";

/**
 * Small faulty Rafts, each one classic mistake away from the reference (or a fake peer for the
 * tester's own helpers), so that every failure text of the suites can be shown to fire.
 */
type PeerClass = new (peers: ClientEnd[], me: number, persister: RaftPersister, applyCh: ApplyChannel, env: LabEnv) => ReferenceRaft;

function impl(name: string, Peer: PeerClass): RaftImplementation {
  return { name, make: (peers, me, persister, applyCh, env) => new Peer(peers, me, persister, applyCh, env) };
}

/** A fake cluster: peer 0 claims to lead `leaderTerm`, the others follow at `followerTerm`; nobody commits. */
export function claimsLeadership(leaderTerm: number, followerTerm: number): RaftImplementation {
  return {
    name: "claims-leadership",
    make: (peers, me, persister, applyCh, env) =>
      Object.assign(new FakePeer(peers, me, persister, applyCh, env), { term: me === 0 ? leaderTerm : followerTerm, leader: me === 0 }),
  };
}

/** start() appends the command twice, so the index after it is committed before anyone asked for it. */
export const appendsTwice = impl(
  "appends-twice",
  class extends ReferenceRaft {
    override start(command: unknown): StartResult {
      const result = super.start(command);
      if (result.isLeader) this.log.append([{ term: this.term, command }]);
      return result;
    }
  },
);

/** After each start(), the leader sends a fire-and-forget AppendEntries with a field left undefined, which no wire carries. */
export const sendsUndefinedField = impl(
  "sends-undefined-field",
  class extends ReferenceRaft {
    override start(command: unknown): StartResult {
      const result = super.start(command);
      if (result.isLeader) void this.peers[(this.me + 1) % this.peers.length]!.call("appendEntries", { term: this.term, prevLogTerm: undefined });
      return result;
    }
  },
);

/** Every new leader appends a no-op entry first, so the tester's commands land one index later than it expects. */
export const leaderNoOp = impl(
  "leader-no-op",
  class extends ReferenceRaft {
    protected override becomeLeader(): void {
      super.becomeLeader();
      this.log.append([{ term: this.term, command: "no-op" }]);
      this.persist();
    }
  },
);

/** The leader forgets what followers hold after every reply, so it sends each one its whole log again at every heartbeat. */
export const resendsWholeLog = impl(
  "resends-whole-log",
  class extends ReferenceRaft {
    protected override matched(peer: number, index: number): void {
      super.matched(peer, index);
      this.nextIndex[peer] = 1;
    }
  },
);

/** A fixed-size log: start() refuses once the log holds `capacity` entries. */
export function logOf(capacity: number): RaftImplementation {
  return impl(
    `log-of-${capacity}`,
    class extends ReferenceRaft {
      override start(command: unknown): StartResult {
        if (this.log.lastIndex >= capacity) return { index: -1, term: this.term, isLeader: false };
        return super.start(command);
      }
    },
  );
}

/** The leader commits what start() is given at once, without waiting for a majority. */
export const commitsOnStart = impl(
  "commits-on-start",
  class extends ReferenceRaft {
    override start(command: unknown): StartResult {
      const result = super.start(command);
      if (result.isLeader) this.commitUpTo(result.index);
      return result;
    }
  },
);

/** The leader never commits by counting replicas. */
export const neverCommits = impl(
  "never-commits",
  class extends ReferenceRaft {
    protected override mayCommitByCounting(): boolean {
      return false;
    }
  },
);

/** Followers ignore the leader's commit index, so only leaders ever apply. */
export const followersIgnoreCommit = impl(
  "followers-ignore-commit",
  class extends ReferenceRaft {
    override appendEntries(args: AppendEntriesArgs): AppendEntriesReply {
      return super.appendEntries({ ...args, leaderCommit: 0 });
    }
  },
);

/** The applier delivers each index with the command of the index before it. */
export const appliesPreviousCommand = impl(
  "applies-previous-command",
  class extends ReferenceRaft {
    protected override nextApplyMsg(): ApplyMsg | undefined {
      const msg = super.nextApplyMsg();
      if (!msg || !("commandValid" in msg) || msg.commandIndex <= this.log.snapshotIndex + 1) return msg;
      return { ...msg, command: this.log.entry(msg.commandIndex - 1).command };
    }
  },
);

/** The applier jumps straight to the commit index, skipping what was committed in between. */
export const appliesOnlyLatest = impl(
  "applies-only-latest",
  class extends ReferenceRaft {
    protected override nextApplyMsg(): ApplyMsg | undefined {
      const msg = super.nextApplyMsg();
      if (!msg || !("commandValid" in msg)) return msg;
      return { commandValid: true, command: this.log.entry(this.commitIndex).command, commandIndex: this.commitIndex };
    }
  },
);

/** Peer 0's applier adds one to every number it applies, so it disagrees with the others. */
export const peerZeroAppliesWrongValue = impl(
  "peer-zero-applies-wrong-value",
  class extends ReferenceRaft {
    protected override nextApplyMsg(): ApplyMsg | undefined {
      const msg = super.nextApplyMsg();
      if (this.me !== 0 || !msg || !("commandValid" in msg) || typeof msg.command !== "number") return msg;
      return { ...msg, command: msg.command + 1 };
    }
  },
);

/** Snapshots go to the service labelled one index past where they end. */
export const snapshotIndexOffByOne = impl(
  "snapshot-index-off-by-one",
  class extends ReferenceRaft {
    protected override nextApplyMsg(): ApplyMsg | undefined {
      const msg = super.nextApplyMsg();
      if (!msg || !("snapshotValid" in msg)) return msg;
      return { ...msg, snapshotIndex: msg.snapshotIndex + 1 };
    }
  },
);

/** Snapshots go to the service empty. */
export const sendsEmptySnapshot = impl(
  "sends-empty-snapshot",
  class extends ReferenceRaft {
    protected override nextApplyMsg(): ApplyMsg | undefined {
      const msg = super.nextApplyMsg();
      if (!msg || !("snapshotValid" in msg)) return msg;
      return { ...msg, snapshot: undefined as unknown as Bytes };
    }
  },
);

/** Snapshots go to the service as bytes that are not a snapshot. */
export const sendsGarbledSnapshot = impl(
  "sends-garbled-snapshot",
  class extends ReferenceRaft {
    protected override nextApplyMsg(): ApplyMsg | undefined {
      const msg = super.nextApplyMsg();
      if (!msg || !("snapshotValid" in msg)) return msg;
      return { ...msg, snapshot: "not a snapshot" };
    }
  },
);

/** The applier hands the service each command as a string (JSON), not as the value it was given. */
export const appliesStrings = impl(
  "applies-strings",
  class extends ReferenceRaft {
    protected override nextApplyMsg(): ApplyMsg | undefined {
      const msg = super.nextApplyMsg();
      if (!msg || !("commandValid" in msg)) return msg;
      return { ...msg, command: JSON.stringify(msg.command) };
    }
  },
);

/** snapshot() is ignored: the log is never trimmed. */
export const ignoresSnapshots = impl(
  "ignores-snapshots",
  class extends ReferenceRaft {
    override snapshot(): void {}
  },
);

/** Saves its term and vote but never its log (nor the snapshot), so a restarted peer starts with an empty log. */
export const forgetsLog = impl(
  "forgets-log",
  class extends ReferenceRaft {
    protected override persist(): void {
      this.persister.save(new StateEncoder().encode({ term: this.term, votedFor: this.votedFor, log: new RaftLog() }), null);
      this.unsaved = false;
    }
  },
);

/** Nothing is ever saved, so a restarted peer starts from scratch, free to vote again in a term it voted in. */
export const neverPersists = impl(
  "never-persists",
  class extends ReferenceRaft {
    protected override persist(): void {
      this.unsaved = false;
    }
  },
);

/** The election timeout is `ms` for every peer. */
export function electionTimeout(ms: number): RaftImplementation {
  return impl(
    `election-timeout-${ms}`,
    class extends ReferenceRaft {
      protected override electionTimeoutMs(): number {
        return ms;
      }
    },
  );
}

/** The leader's heartbeat interval is `ms`. */
export function heartbeatInterval(ms: number): RaftImplementation {
  return impl(
    `heartbeat-${ms}`,
    class extends ReferenceRaft {
      protected override heartbeatIntervalMs(): number {
        return ms;
      }
    },
  );
}

/** A candidate counts its own vote twice, so it needs one vote fewer than a majority (and commits likewise). */
export const countsSelfTwice = impl(
  "counts-self-twice",
  class extends ReferenceRaft {
    protected override isMajority(count: number): boolean {
      return super.isMajority(count + 1);
    }
  },
);

/** A leader that sends new entries only with its next heartbeat, two a second, with election timeouts to match. */
export const slowReplication = impl(
  "slow-replication",
  class extends ReferenceRaft {
    override start(command: unknown): StartResult {
      if (this.dead || this.role !== "leader") return { index: -1, term: this.term, isLeader: false };
      this.log.append([{ term: this.term, command }]);
      this.persist();
      return { index: this.log.lastIndex, term: this.term, isLeader: true };
    }
    protected override heartbeatIntervalMs(): number {
      return 900;
    }
    protected override electionTimeoutMs(): number {
      return 3000 + this.env.random() * 1000;
    }
  },
);

/** A fake cluster where every peer leads a term of its own (peer i term i+1): nobody ever steps down. */
export const everyoneLeads: RaftImplementation = {
  name: "everyone-leads",
  make: (peers, me, persister, applyCh, env) => Object.assign(new FakePeer(peers, me, persister, applyCh, env), { term: me + 1, leader: true }),
};

/** For a second after each start(), the leader sends heartbeats every 2 ms instead of every 100 ms. */
export const hurriesAfterStart = impl(
  "hurries-after-start",
  class extends ReferenceRaft {
    private lastStart = -Infinity;
    override start(command: unknown): StartResult {
      this.lastStart = this.env.now();
      return super.start(command);
    }
    protected override heartbeatIntervalMs(): number {
      return this.env.now() - this.lastStart < 1000 ? 2 : super.heartbeatIntervalMs();
    }
  },
);

/** A new leader appends two no-op entries when it inherits a log (the initial leader does not), so later commands land two indices later. */
export const inheritedLogNoOp = impl(
  "inherited-log-no-op",
  class extends ReferenceRaft {
    protected override becomeLeader(): void {
      super.becomeLeader();
      if (this.log.lastIndex === 0) return;
      this.log.append([{ term: this.term, command: "no-op" }, { term: this.term, command: "no-op" }]);
      this.persist();
    }
  },
);

/** start() overwrites the last entry while it is uncommitted, returning its index again. */
export const overwritesUncommitted = impl(
  "overwrites-uncommitted",
  class extends ReferenceRaft {
    override start(command: unknown): StartResult {
      if (!this.dead && this.role === "leader" && this.log.lastIndex > this.commitIndex) this.log.truncateFrom(this.log.lastIndex);
      return super.start(command);
    }
  },
);

/** Runs the suite test named `name` at `seed` on `impl`; resolves with its verdict and Fatal text. */
export async function outcome(name: string, seed: number, impl: RaftImplementation): Promise<{ verdict: string; message?: string }> {
  const definition = allRaftTests.find((d) => d.name === name);
  if (!definition) throw new Error(`no suite test is named ${name}`);
  const { verdict, message } = await runRaftTest(definition, seed, impl);
  return { verdict, message };
}
