import { profiles, type FaultProfile } from "../../../../labnet/index.js";
import { type SimulatedKvWorld, SERVER, labProfile } from "../sim-world.js";
import type { Scenario, ScenarioFault } from "./schema.js";

/** The lab's reliable network with the scenario's layers on top (names or partial profiles). */
export function scenarioNetwork(layers: NonNullable<Scenario["network"]>): FaultProfile {
  return labProfile(true, ...layers.map((layer) => (typeof layer === "string" ? (profiles[layer] as Partial<FaultProfile>) : (layer as Partial<FaultProfile>))));
}

/**
 * Applies each fault of the timeline at its virtual instant: those due now at once (so a fault at
 * 0 ms holds before any client sends), the rest from a daemon task.
 */
export function startFaultTimeline(t: SimulatedKvWorld, faults: readonly ScenarioFault[]): void {
  const timeline = [...faults].sort((a, b) => a.atMs - b.atMs);
  while (timeline.length > 0 && timeline[0]!.atMs <= t.sim.now()) apply(t, timeline.shift()!);
  if (timeline.length === 0) return;
  t.sim.spawn(
    "faults",
    async (env) => {
      for (const fault of timeline) {
        if (fault.atMs > env.now()) await env.sleep(fault.atMs - env.now());
        apply(t, fault);
      }
    },
    { daemon: true },
  );
}

function apply(t: SimulatedKvWorld, fault: ScenarioFault): void {
  switch (fault.action) {
    case "partition":
      return t.net.partition(fault.a, fault.b, { oneWay: fault.oneWay ?? false });
    case "heal":
      return t.net.heal();
    case "crash":
      return t.net.crash(SERVER);
    case "restart":
      return t.net.isRunning(SERVER) ? undefined : t.net.restart(SERVER);
    case "network":
      return t.net.setProfile(scenarioNetwork(fault.network));
  }
}
