import fc from "fast-check";
import type { FuzzShape } from "../../../harness/index.js";
import { MAX_PEERS, MIN_PEERS, RAFT_CHECKS, RAFT_SCENARIO_FORMAT, type RaftFault, type RaftScenario } from "./schema.js";

/** How big the fuzzer's Raft scenarios may grow: the harness's shape (maxClients; maxOps is the KV lab's) and more. */
export interface RaftFuzzShape extends FuzzShape {
  /** Most peers (default 5, at most 7). */
  maxPeers?: number;
  /** Most faults in a timeline (default 12). */
  maxFaults?: number;
  /** The latest instant a fault may come at, and the longest the clients run (default 5000 ms). */
  horizonMs?: number;
}

/**
 * A fault before the cluster size is known: peers are picked as indices up to the largest cluster
 * and taken modulo the scenario's, and a partition is a run of `size` peers around the ring from
 * `from` against the rest. So when shrinking removes peers, the faults stay (on other peers)
 * rather than being drawn again, and they shrink on their own towards peer 0, a one-peer minority
 * and 0 ms.
 */
export type RawFault = { atMs: number } & ({ action: "crash" | "restart" | "disconnect" | "connect"; peer: number } | { action: "partition"; from: number; size: number } | { action: "heal" } | { action: "unreliable" | "longReordering"; on: boolean });

export function rawFault(maxPeers: number, horizonMs: number): fc.Arbitrary<RawFault> {
  const atMs = fc.integer({ min: 0, max: horizonMs });
  const peer = fc.integer({ min: 0, max: maxPeers - 1 });
  const onePeer = (action: "crash" | "restart" | "disconnect" | "connect") => fc.record({ atMs, action: fc.constant(action), peer });
  return fc.oneof(
    { arbitrary: onePeer("crash"), weight: 3 },
    { arbitrary: onePeer("restart"), weight: 3 },
    { arbitrary: onePeer("disconnect"), weight: 3 },
    { arbitrary: onePeer("connect"), weight: 3 },
    { arbitrary: fc.record({ atMs, action: fc.constant("partition" as const), from: peer, size: fc.integer({ min: 1, max: Math.floor((maxPeers - 1) / 2) }) }), weight: 2 },
    { arbitrary: fc.record({ atMs, action: fc.constant("heal" as const) }), weight: 2 },
    { arbitrary: fc.record({ atMs, action: fc.constant("unreliable" as const), on: fc.boolean() }), weight: 1 },
    { arbitrary: fc.record({ atMs, action: fc.constant("longReordering" as const), on: fc.boolean() }), weight: 1 },
  );
}

/** A network a scenario starts on: reliable or not, with long reordering or not (shrinking towards reliable). */
export function networkArbitrary(): fc.Arbitrary<RaftScenario["network"]> {
  return fc.constantFrom<RaftScenario["network"]>(["reliable"], ["unreliable"], ["reliable", "longReordering"], ["unreliable", "longReordering"]);
}

/** The fault on a cluster of `peers`. */
export function resolveFault(raw: RawFault, peers: number): RaftFault {
  if (raw.action === "partition") {
    const minority = Array.from({ length: Math.min(raw.size, Math.floor((peers - 1) / 2)) }, (_, k) => (raw.from + k) % peers);
    return { atMs: raw.atMs, action: "partition", groups: [minority, Array.from({ length: peers }, (_, i) => i).filter((i) => !minority.includes(i))] };
  }
  if ("peer" in raw) return { ...raw, peer: raw.peer % peers };
  return raw;
}

/**
 * Raft scenarios for fuzzing: a cluster of 3..maxPeers peers, a few clients starting commands
 * through the leader, and a timeline of crashes, restarts, disconnections, partitions and network
 * changes. Every fault is an element of its own, so shrinking removes faults one by one, moves
 * them earlier, and takes fewer peers and clients, ending at what the bug needs.
 *
 * @example
 * fc.sample(raftScenarioArbitrary({ maxPeers: 3 }), 1)[0]!.faults; // e.g. [{ atMs: 412, action: "crash", peer: 2 }]
 */
export function raftScenarioArbitrary(shape: RaftFuzzShape = {}): fc.Arbitrary<RaftScenario> {
  const maxPeers = Math.min(Math.max(shape.maxPeers ?? 5, MIN_PEERS), MAX_PEERS);
  const horizonMs = shape.horizonMs ?? 5000;
  return fc
    .record({
      seed: fc.integer({ min: 0, max: 1000 }),
      peers: fc.integer({ min: MIN_PEERS, max: maxPeers }),
      clients: fc.integer({ min: 1, max: Math.max(1, shape.maxClients ?? 3) }),
      everyMs: fc.integer({ min: 50, max: 300 }),
      forMs: fc.integer({ min: 1000, max: horizonMs }),
      snapshot: fc.boolean(),
      network: networkArbitrary(),
      faults: fc.array(rawFault(maxPeers, horizonMs), { maxLength: shape.maxFaults ?? 12 }),
    })
    .map(({ seed, peers, clients, everyMs, forMs, snapshot, network, faults }) => ({
      kvlab: RAFT_SCENARIO_FORMAT,
      lab: "raft" as const,
      implementation: "reference",
      seed,
      peers,
      snapshot,
      network,
      workload: { clients, everyMs, forMs },
      faults: faults.map((raw) => resolveFault(raw, peers)).sort((a, b) => a.atMs - b.atMs),
      checks: [...RAFT_CHECKS],
    }));
}
