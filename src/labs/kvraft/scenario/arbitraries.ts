import fc from "fast-check";
import type { FuzzShape } from "../../../harness/index.js";
import { MAX_PEERS, MIN_PEERS, networkArbitrary, RAFT_SCENARIO_FORMAT, rawFault, resolveFault } from "../../raft/index.js";
import { KVRAFT_CHECKS, type KvRaftScenario } from "./schema.js";

/** How big the fuzzer's replicated KV scenarios may grow: the harness's shape (maxClients) and more. */
export interface KvRaftFuzzShape extends FuzzShape {
  /** Most servers (default 5, at most 7). */
  maxServers?: number;
  /** Most faults in a timeline (default 12). */
  maxFaults?: number;
  /** The latest instant a fault may come at, and the longest the clients run (default 5000 ms). */
  horizonMs?: number;
}

/**
 * Replicated KV scenarios for fuzzing: 3..maxServers servers, snapshots or not, a few clients
 * racing on one to three keys, and a timeline of the Raft lab's faults (drawn as the Raft lab's
 * fuzzer draws them, before the server count is known). Shrinking removes faults one by one,
 * moves them earlier, and takes fewer servers, clients and keys, a shorter run, no snapshots.
 *
 * @example
 * fc.sample(kvraftScenarioArbitrary({ maxServers: 3 }), 1)[0]!.faults; // e.g. [{ atMs: 412, action: "crash", peer: 2 }]
 */
export function kvraftScenarioArbitrary(shape: KvRaftFuzzShape = {}): fc.Arbitrary<KvRaftScenario> {
  const maxServers = Math.min(Math.max(shape.maxServers ?? 5, MIN_PEERS), MAX_PEERS);
  const horizonMs = shape.horizonMs ?? 5000;
  return fc
    .record({
      seed: fc.integer({ min: 0, max: 1000 }),
      servers: fc.integer({ min: MIN_PEERS, max: maxServers }),
      maxRaftState: fc.oneof(fc.constant(-1), fc.integer({ min: 500, max: 5000 })),
      clients: fc.integer({ min: 1, max: Math.max(1, shape.maxClients ?? 3) }),
      keys: fc.integer({ min: 1, max: 3 }),
      putPercent: fc.integer({ min: 0, max: 100 }),
      durationMs: fc.integer({ min: 2000, max: horizonMs }),
      pauseMs: fc.integer({ min: 1, max: 100 }),
      network: networkArbitrary(),
      faults: fc.array(rawFault(maxServers, horizonMs), { maxLength: shape.maxFaults ?? 12 }),
    })
    .map(({ seed, servers, maxRaftState, clients, keys, putPercent, durationMs, pauseMs, network, faults }) => ({
      kvlab: RAFT_SCENARIO_FORMAT,
      lab: "kvraft" as const,
      implementation: "reference",
      seed,
      servers,
      maxRaftState,
      network,
      workload: { clients, keys, putPercent, durationMs, pauseMs },
      faults: faults.map((raw) => resolveFault(raw, servers)).sort((a, b) => a.atMs - b.atMs),
      checks: [...KVRAFT_CHECKS],
    }));
}
