import { peerName, type RaftWorld } from "../world/index.js";
import type { RaftFault } from "./schema.js";

/**
 * Applies each fault of the timeline at its virtual instant, in time order (faults at one instant in
 * the file's order), as a tester task of its own; resolves once the last one is applied. Faults due
 * at 0 ms hold before any client starts a command.
 */
export function runFaultTimeline(t: RaftWorld, faults: readonly RaftFault[]): Promise<void> {
  const timeline = [...faults].sort((a, b) => a.atMs - b.atMs);
  while (timeline.length > 0 && timeline[0]!.atMs <= t.sim.now()) applyFault(t, timeline.shift()!);
  if (timeline.length === 0) return Promise.resolve();
  return t.spawn("faults", async (env) => {
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
export function applyFault(t: RaftWorld, fault: RaftFault): void {
  switch (fault.action) {
    case "crash":
      return t.crash(fault.peer);
    case "restart":
      // A restarted peer comes back connected (as the course's restart), within the current partition.
      if (t.raft(fault.peer)) return;
      t.start(fault.peer);
      return t.connect(fault.peer);
    case "disconnect":
      return t.disconnect(fault.peer);
    case "connect":
      return t.connect(fault.peer);
    case "partition":
      return partition(t, fault.groups);
    case "heal":
      return t.net.heal();
    case "unreliable":
      return t.setReliable(!fault.on);
    case "longReordering":
      return t.setLongReordering(fault.on);
  }
}

/** Splits the peers into `groups` (the peers no group names form one more), replacing any partition before it. */
function partition(t: RaftWorld, groups: readonly (readonly number[])[]): void {
  const named = new Set(groups.flat());
  const rest = Array.from({ length: t.peers }, (_, i) => i).filter((i) => !named.has(i));
  const all = rest.length > 0 ? [...groups, rest] : groups;
  t.net.heal();
  for (let a = 0; a < all.length; a++) {
    for (let b = a + 1; b < all.length; b++) t.net.partition(all[a]!.map(peerName), all[b]!.map(peerName));
  }
}

/**
 * Ends every fault the timeline left in place: the partition healed, every crashed peer restarted,
 * every peer connected, the network reliable and without long reordering (what the end checks need).
 */
export function healEverything(t: RaftWorld): void {
  t.net.heal();
  for (let i = 0; i < t.peers; i++) if (!t.raft(i)) t.start(i);
  t.connectAll();
  t.setReliable(true);
  t.setLongReordering(false);
}
