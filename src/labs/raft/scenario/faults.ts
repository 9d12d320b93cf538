import type { LabEnv } from "../../../../labnet/index.js";
import { peerName, type RaftWorld } from "../world/index.js";
import type { RaftFault } from "./schema.js";

/**
 * What a fault timeline acts on: a cluster of members 0..peers-1, each a Raft peer (the Raft lab's
 * peers, or the replicated KV lab's servers). `world` is what both labs' worlds have alike (the
 * course's crash and start, a network whose links between hosts a partition cuts); the rest is
 * how the lab does the course's per-member connectivity and switches its network's fault layers.
 */
export interface FaultTarget {
  readonly world: {
    readonly peers: number;
    readonly sim: { now(): number };
    readonly net: { heal(): void; partition(a: readonly string[], b: readonly string[]): void };
    spawn(name: string, body: (env: LabEnv) => Promise<void>): Promise<void>;
    /** Member i's Raft peer, or undefined while it is crashed. */
    raft(i: number): object | undefined;
    crash(i: number): void;
    /** A new incarnation of a crashed member, not yet connected. */
    start(i: number): void;
    connectAll(): void;
  };
  /** The course's ConnectOne and DisconnectAll of member i. */
  connect(i: number): void;
  disconnect(i: number): void;
  setReliable(reliable: boolean): void;
  setLongReordering(on: boolean): void;
  /** Member i's host on the network: what a partition cuts apart. */
  hostName(i: number): string;
}

/** The Raft lab's world as a fault target: its peers, by their names on the network. */
export function raftFaultTarget(t: RaftWorld): FaultTarget {
  return {
    world: t,
    connect: (i) => t.connect(i),
    disconnect: (i) => t.disconnect(i),
    setReliable: (reliable) => t.setReliable(reliable),
    setLongReordering: (on) => t.setLongReordering(on),
    hostName: peerName,
  };
}

/**
 * Applies each fault of the timeline at its virtual instant, in time order (faults at one instant in
 * the file's order), as a tester task of its own; resolves once the last one is applied. Faults due
 * at 0 ms hold before any client starts a command.
 */
export function runFaultTimeline(t: FaultTarget, faults: readonly RaftFault[]): Promise<void> {
  const timeline = [...faults].sort((a, b) => a.atMs - b.atMs);
  while (timeline.length > 0 && timeline[0]!.atMs <= t.world.sim.now()) applyFault(t, timeline.shift()!);
  if (timeline.length === 0) return Promise.resolve();
  return t.world.spawn("faults", async (env) => {
    for (const fault of timeline) {
      if (fault.atMs > env.now()) await env.sleep(fault.atMs - env.now());
      applyFault(t, fault);
    }
  });
}

/**
 * One fault, on the world's own operations. Connectivity has two layers that compose: the course's
 * per-peer connect/disconnect (the fixture's flags and ends) and a partition of the network between
 * groups of peers (labnet's cut links, which `heal` restores); a peer crossed by neither reaches all.
 */
export function applyFault(t: FaultTarget, fault: RaftFault): void {
  switch (fault.action) {
    case "crash":
      return t.world.crash(fault.peer);
    case "restart":
      // A restarted peer comes back connected (as the course's restart), within the current partition.
      if (t.world.raft(fault.peer)) return;
      t.world.start(fault.peer);
      return t.connect(fault.peer);
    case "disconnect":
      return t.disconnect(fault.peer);
    case "connect":
      return t.connect(fault.peer);
    case "partition":
      return partition(t, fault.groups);
    case "heal":
      return t.world.net.heal();
    case "unreliable":
      return t.setReliable(!fault.on);
    case "longReordering":
      return t.setLongReordering(fault.on);
  }
}

/** Splits the peers into `groups` (the peers no group names form one more), replacing any partition before it. */
function partition(t: FaultTarget, groups: readonly (readonly number[])[]): void {
  const named = new Set(groups.flat());
  const rest = Array.from({ length: t.world.peers }, (_, i) => i).filter((i) => !named.has(i));
  const all = rest.length > 0 ? [...groups, rest] : groups;
  t.world.net.heal();
  for (let a = 0; a < all.length; a++) {
    for (let b = a + 1; b < all.length; b++) t.world.net.partition(all[a]!.map(t.hostName), all[b]!.map(t.hostName));
  }
}

/**
 * Ends every fault the timeline left in place: the partition healed, every crashed peer restarted,
 * every peer connected, the network reliable and without long reordering (what the end checks need).
 */
export function healEverything(t: FaultTarget): void {
  t.world.net.heal();
  for (let i = 0; i < t.world.peers; i++) if (!t.world.raft(i)) t.world.start(i);
  t.world.connectAll();
  t.setReliable(true);
  t.setLongReordering(false);
}
