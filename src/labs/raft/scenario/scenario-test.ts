import { nameKey, type FaultProfile } from "../../../../labnet/index.js";
import type { RaftTestDefinition } from "../test-definition.js";
import { TEST_LIMIT_MS } from "../../../harness/index.js";
import { raftProfile, type RaftWorld } from "../world/index.js";
import { goValue } from "../world/format.js";
import { healEverything, raftFaultTarget, runFaultTimeline } from "./faults.js";
import type { RaftScenario } from "./schema.js";
import { runClients, type StartedCommand } from "./workload.js";

/** The command of the final agreement, which every peer must reach once everything is healed. */
export const FINAL_COMMAND = "final";

/**
 * A scenario as a test: the peers set up on the scenario's network, Raft's invariants checked at
 * every step, the fault timeline and the clients run side by side; then everything healed and the
 * end checks (see RAFT_CHECKS).
 */
export function raftScenarioTest(scenario: RaftScenario, name: string): RaftTestDefinition {
  const end = Math.max(scenario.workload.forMs, ...scenario.faults.map((fault) => fault.atMs));
  return {
    suite: "scenario",
    name,
    title: scenario.description ?? `Scenario ${name}`,
    reliable: !scenario.network.includes("unreliable"),
    servers: scenario.peers,
    snapshot: scenario.snapshot,
    // The course's 120 s, or time for a longer timeline and the end checks after it.
    timeLimitMs: Math.max(TEST_LIMIT_MS, end + 60_000),
    needsSimulation: "a fault timeline on labnet",
    body: async (t) => {
      t.setup(scenario.peers, { snapshot: scenario.snapshot });
      try {
        if (scenario.network.includes("longReordering")) t.setLongReordering(true);
        t.checkLogsAtEveryStep = true;
        const timeline = runFaultTimeline(raftFaultTarget(t), scenario.faults);
        const seen = await runClients(t, scenario.workload);
        await timeline;
        healEverything(raftFaultTarget(t));
        const agreed = scenario.checks.includes("agreement") ? (await t.one(FINAL_COMMAND, scenario.peers, true)) !== -1 : false;
        if (scenario.checks.includes("committed")) checkCommittedKept(t, seen, agreed);
        t.checkInvariants();
      } finally {
        t.finished = true;
      }
    },
  };
}

/**
 * Every command a client saw committed is at its index in every peer's final log (what each peer's
 * tester service applied); after the final agreement, a peer that lacks the index fails too.
 */
export function checkCommittedKept(t: RaftWorld, seen: readonly StartedCommand[], agreed: boolean): void {
  const appliers = t.appliersNow();
  for (const { command, index } of [...seen].sort((a, b) => a.index - b.index)) {
    for (let i = 0; i < t.peers; i++) {
      const logs = appliers[i]!.logs;
      if (logs.has(index) ? logs.get(index) !== command : agreed) {
        const has = logs.has(index) ? `has ${goValue(logs.get(index))} there` : "lacks that index";
        t.fatal(`${command} was seen committed at index ${index}, but raft-${i}'s final log ${has}`, { kind: "invariant" });
      }
    }
  }
}

/** The run the harness makes of a scenario: its test, its seed (a string becomes a stable integer), its network. */
export function raftScenarioToRun(scenario: RaftScenario, name: string): { definition: RaftTestDefinition; seed: number; network: FaultProfile } {
  return {
    definition: raftScenarioTest(scenario, name),
    seed: scenarioSeed(scenario.seed),
    network: raftProfile(!scenario.network.includes("unreliable"), scenario.network.includes("longReordering")),
  };
}

/** A scenario file's seed as the run's: an integer, or a string that is one, as is; any other string becomes a stable integer. */
export function scenarioSeed(seed: number | string): number {
  const parsed = typeof seed === "number" ? seed : Number.parseInt(seed, 10);
  return Number.isSafeInteger(parsed) && String(parsed) === String(seed) ? parsed : nameKey(String(seed));
}

/** A scenario's size in the fuzzer's words: "5 peer(s), 2 client(s), 3 fault(s), the last at 1200 ms". */
export function raftScenarioSize(scenario: RaftScenario): string {
  const last = scenario.faults.length === 0 ? "" : `, the last at ${Math.max(...scenario.faults.map((fault) => fault.atMs))} ms`;
  return `${scenario.peers} peer(s), ${scenario.workload.clients} client(s), ${scenario.faults.length} fault(s)${last}`;
}
