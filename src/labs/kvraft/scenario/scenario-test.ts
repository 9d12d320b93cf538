import type { FaultProfile } from "../../../../labnet/index.js";
import { TEST_LIMIT_MS } from "../../../harness/index.js";
import { healEverything, runFaultTimeline, scenarioSeed } from "../../raft/index.js";
import type { KvRaftTestDefinition } from "../test-definition.js";
import { kvraftFaultTarget, kvraftNetwork } from "./fault-target.js";
import { RETURN_LIMIT_MS, type KvRaftScenario } from "./schema.js";
import { readEveryKey, startClients, type UnderWay } from "./workload.js";

/**
 * A scenario as a test: the servers set up on the scenario's network, the fault timeline and the
 * clients run side by side until the workload's duration and the last fault; then everything
 * healed and the end checks (see KVRAFT_CHECKS).
 */
export function kvraftScenarioTest(scenario: KvRaftScenario, name: string): KvRaftTestDefinition {
  const end = Math.max(scenario.workload.durationMs, ...scenario.faults.map((fault) => fault.atMs));
  const network = { reliable: !scenario.network.includes("unreliable"), longReordering: scenario.network.includes("longReordering") };
  return {
    suite: "scenario",
    name,
    title: scenario.description ?? `Scenario ${name}`,
    reliable: network.reliable,
    servers: scenario.servers,
    // The course's 120 s, or time for a longer timeline and the end checks after it.
    timeLimitMs: Math.max(TEST_LIMIT_MS, end + 60_000),
    needsSimulation: "a fault timeline on labnet",
    body: async (t) => {
      t.setup("kv", scenario.servers, scenario.maxRaftState);
      try {
        const target = kvraftFaultTarget(t, network);
        const timeline = runFaultTimeline(target, scenario.faults);
        let stopping = false;
        const underWay: UnderWay = [];
        const clients = startClients(t, scenario.workload, () => stopping, underWay);
        await t.sleep(scenario.workload.durationMs);
        stopping = true;
        await timeline;
        healEverything(target);
        const returns = scenario.checks.includes("returns");
        await (returns ? returnWithin(t, Promise.all(clients), underWay) : Promise.all(clients));
        if (scenario.checks.includes("linearizability")) {
          const reads = readEveryKey(t, scenario.workload, underWay);
          await (returns ? returnWithin(t, reads, underWay) : reads);
          t.checkPorcupine();
        }
      } finally {
        t.finished = true;
      }
    },
  };
}

/** `work` (clerk operations) ends within RETURN_LIMIT_MS; else the run fails naming the first operation still under way. */
async function returnWithin(t: Parameters<KvRaftTestDefinition["body"]>[0], work: Promise<unknown>, underWay: UnderWay): Promise<void> {
  const late = await Promise.race([work.then(() => false), t.sleep(RETURN_LIMIT_MS).then(() => true)]);
  const waiting = underWay.find((op) => op !== undefined);
  if (late && waiting !== undefined) t.fatal(`${waiting} did not return within ${RETURN_LIMIT_MS / 1000} s after everything was healed`);
}

/** The run the harness makes of a scenario: its test, its seed (a string becomes a stable integer), its network. */
export function kvraftScenarioToRun(scenario: KvRaftScenario, name: string): { definition: KvRaftTestDefinition; seed: number; network: FaultProfile } {
  return {
    definition: kvraftScenarioTest(scenario, name),
    seed: scenarioSeed(scenario.seed),
    network: kvraftNetwork(!scenario.network.includes("unreliable"), scenario.network.includes("longReordering")),
  };
}

/** A scenario's size in the fuzzer's words: "3 server(s), 2 client(s), 1 fault(s), the last at 1200 ms". */
export function kvraftScenarioSize(scenario: KvRaftScenario): string {
  const last = scenario.faults.length === 0 ? "" : `, the last at ${Math.max(...scenario.faults.map((fault) => fault.atMs))} ms`;
  return `${scenario.servers} server(s), ${scenario.workload.clients} client(s), ${scenario.faults.length} fault(s)${last}`;
}
