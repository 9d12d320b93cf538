import { nameKey, type FaultProfile } from "../../../../labnet/index.js";
import { ScenarioError } from "../../../harness/index.js";
import { simulated } from "../sim-world.js";
import { allTests } from "../suites/index.js";
import type { KvTestDefinition } from "../test-definition.js";
import { scenarioNetwork, startFaultTimeline } from "./faults.js";
import type { Scenario } from "./schema.js";
import { runWorkload } from "./workloads.js";

/** A scenario as a test definition: its body sets the message decisions and the fault timeline, then runs the workload. */
export function scenarioTest(scenario: Scenario, name: string): KvTestDefinition {
  const workload = scenario.workload;
  const suiteTest = workload.kind === "test" ? allTests.find((test) => test.name === workload.test) : undefined;
  if (workload.kind === "test" && !suiteTest) throw new ScenarioError(`${name}: workload.test: no suite test named "${workload.test}"`);
  return {
    suite: "scenario",
    name,
    title: scenario.description ?? `Scenario ${name}`,
    reliable: suiteTest && scenario.network === undefined ? suiteTest.reliable : losesNoMessage(scenario),
    ...(suiteTest?.timeLimitMs === undefined ? {} : { timeLimitMs: suiteTest.timeLimitMs }),
    needsSimulation: true,
    body: async (world, tester) => {
      const t = simulated(world);
      for (const [id, decision] of Object.entries(scenario.messages)) t.net.decide(id, decision);
      startFaultTimeline(t, scenario.faults);
      await (workload.kind === "test" ? suiteTest!.body(t, tester) : runWorkload(t, tester, workload, scenario.checks));
    },
  };
}

/**
 * True when nothing in the scenario can lose or repeat a message: its network and every network
 * change on its timeline are free of drops and duplicates, and it has no partition or crash.
 * Only then may the checks demand what a reliable network promises (e.g. no ErrMaybe).
 */
export function losesNoMessage(scenario: Scenario): boolean {
  const networks = [scenario.network ?? [], ...scenario.faults.flatMap((fault) => (fault.action === "network" ? [fault.network] : []))];
  const faultless = networks.every((layers) => {
    const profile = scenarioNetwork(layers);
    return profile.dropRequest === 0 && profile.dropReply === 0 && profile.duplicate === 0;
  });
  const planned = Object.values(scenario.messages).some((decision) => decision.dropRequest || decision.dropReply || decision.duplicate);
  return faultless && !planned && scenario.faults.every((fault) => fault.action === "network" || fault.action === "heal");
}

/**
 * A scenario as what the harness runs: its test definition, its seed (a string that is not a
 * number becomes a stable integer) and its network (a suite test's own when the file gives none).
 */
export function scenarioToRun(scenario: Scenario, name: string): { definition: KvTestDefinition; seed: number; network?: FaultProfile } {
  const network = scenario.network ?? (scenario.workload.kind === "test" ? undefined : []);
  const seed = typeof scenario.seed === "number" ? scenario.seed : Number.parseInt(scenario.seed, 10);
  return {
    definition: scenarioTest(scenario, name),
    seed: Number.isSafeInteger(seed) ? seed : nameKey(String(scenario.seed)),
    ...(network === undefined ? {} : { network: scenarioNetwork(network) }),
  };
}

/** A scenario's size in the fuzzer's words: "2 client(s), 5 operation(s), 1 fault(s)" (a fault: a planned message fate or a partition). */
export function scenarioSize(scenario: Scenario): string {
  const { workload } = scenario;
  const ops = workload.kind === "ops" ? workload.clients.reduce((sum, list) => sum + list.length, 0) : 0;
  const clients = workload.kind === "ops" ? workload.clients.length : workload.kind === "lock-loop" ? workload.clients : 0;
  const faults = Object.keys(scenario.messages).length + scenario.faults.filter((fault) => fault.action === "partition").length;
  return `${clients} client(s), ${ops} operation(s), ${faults} fault(s)`;
}
