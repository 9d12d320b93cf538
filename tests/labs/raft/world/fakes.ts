import type { LabEnv } from "../../../../labnet/index.js";
import type { ApplyChannel, Bytes, ClientEnd, RaftImplementation, RaftPeer, RaftPersister, StartResult } from "../../../../src/labs/raft/contract.js";
import { RaftWorld } from "../../../../src/labs/raft/world/index.js";
import { asTester } from "../../../support/as-tester.js";

/**
 * A stand-in peer the world tests steer by hand: its term and leadership are fields, start only
 * answers (or does what `onStart` says), and `ping` is an RPC handler that counts.
 */
export class FakePeer implements RaftPeer {
  term = 0;
  leader = false;
  killed = false;
  pings = 0;
  ticks = 0;
  onStart: ((command: unknown) => StartResult | Promise<StartResult>) | undefined;

  constructor(
    readonly peers: ClientEnd[],
    readonly me: number,
    readonly persister: RaftPersister,
    readonly applyCh: ApplyChannel,
    readonly env: LabEnv,
  ) {}

  start(command: unknown): StartResult {
    return (this.onStart?.(command) as StartResult) ?? { index: -1, term: this.term, isLeader: this.leader };
  }

  getState() {
    return { term: this.term, isLeader: this.leader };
  }

  /** Takes the service's snapshot (a test may replace it to look). */
  snapshot(_index: number, _snapshot: Bytes): void {}

  kill(): void {
    this.killed = true;
  }

  /** An RPC handler. */
  ping(args: { n: number }) {
    this.pings++;
    return { n: args.n + 1 };
  }

  /** An RPC handler that makes this peer lead `term`. */
  lead(args: { term: number }) {
    Object.assign(this, { term: args.term, leader: true });
    return {};
  }

  /** Counts its timer's wakes, for ever. */
  async tick(): Promise<void> {
    for (;;) {
      await this.env.sleep(10);
      this.ticks++;
    }
  }
}

/** An implementation whose peers are FakePeers; `made` holds every incarnation, in the order made. */
export function fakeRaft(): RaftImplementation & { made: FakePeer[] } {
  const made: FakePeer[] = [];
  return { name: "fake", made, make: (peers, me, persister, applyCh, env) => made[made.push(new FakePeer(peers, me, persister, applyCh, env)) - 1]! };
}

/** Runs `body` as the tester of a fresh world of `servers` peers; resolves with the world and the run's failure text, if any. */
export async function inRaftWorld(
  impl: RaftImplementation,
  servers: number,
  body: (t: RaftWorld) => Promise<void>,
  options: { seed?: number; reliable?: boolean; snapshot?: boolean } = {},
): Promise<{ world: RaftWorld; failure?: string }> {
  const world = new RaftWorld(impl, { seed: options.seed ?? 1, reliable: options.reliable ?? true });
  world.setup(servers, { snapshot: options.snapshot ?? false });
  return asTester(world, body);
}
