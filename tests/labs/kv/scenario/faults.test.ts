import { describe, expect, it, vi } from "vitest";
import { profiles } from "../../../../labnet/index.js";
import { reference } from "../../../../src/labs/kv/reference.js";
import { SERVER, SimulatedKvWorld, labProfile } from "../../../../src/labs/kv/sim-world.js";
import { scenarioNetwork, startFaultTimeline } from "../../../../src/labs/kv/scenario/faults.js";
import type { ScenarioFault } from "../../../../src/labs/kv/scenario/schema.js";

describe("scenarioNetwork", () => {
  it("is the lab's reliable network with named profiles and partial profiles layered on top", () => {
    expect(scenarioNetwork([])).toEqual(labProfile(true));
    expect(scenarioNetwork(["unreliable"])).toEqual(labProfile(true, profiles.unreliable));
    expect(scenarioNetwork(["unreliable", { dropReply: 0.5 }])).toEqual(labProfile(true, profiles.unreliable, { dropReply: 0.5 }));
    expect(scenarioNetwork([{ dropReply: 0.5 }]).dropReply).toBe(0.5);
  });
});

/** A world whose network's fault methods are watched: each call is written down with its virtual time. */
function watchedWorld(): { t: SimulatedKvWorld; applied: string[] } {
  const t = new SimulatedKvWorld(reference, { seed: 1, reliable: true });
  const applied: string[] = [];
  for (const method of ["partition", "heal", "crash", "restart", "setProfile"] as const) {
    const original = t.net[method].bind(t.net) as (...args: unknown[]) => void;
    vi.spyOn(t.net, method).mockImplementation((...args: unknown[]) => {
      applied.push(`${t.sim.now()} ${method} ${JSON.stringify(args.map((arg) => (typeof arg === "object" && arg !== null && "name" in arg ? (arg as { name: string }).name : arg)))}`);
      original(...args);
    });
  }
  return { t, applied };
}

describe("startFaultTimeline", () => {
  it("applies the faults due now at once, before any task runs", () => {
    const { t, applied } = watchedWorld();
    startFaultTimeline(t, [
      { atMs: 0, action: "partition", a: ["clerk-1"], b: [SERVER] },
      { atMs: 0, action: "crash" },
    ]);
    expect(applied).toEqual([`0 partition [["clerk-1"],["kvserver"],{"oneWay":false}]`, `0 crash ["kvserver"]`]);
    expect(t.net.isRunning(SERVER)).toBe(false);
  });

  it("applies later faults at their instants, in time order whatever the file's order", async () => {
    const { t, applied } = watchedWorld();
    const faults: ScenarioFault[] = [
      { atMs: 30, action: "restart" },
      { atMs: 10, action: "partition", a: [SERVER], b: ["clerk-2"], oneWay: true },
      { atMs: 20, action: "crash" },
      { atMs: 15, action: "heal" },
      { atMs: 40, action: "network", network: ["unreliable"] },
    ];
    startFaultTimeline(t, faults);
    expect(applied).toEqual([]);
    // The fault task is a daemon: a client keeps the run going past the last fault.
    t.sim.spawn("tester", (env) => env.sleep(50));
    await t.sim.run();
    expect(applied).toEqual([
      `10 partition [["kvserver"],["clerk-2"],{"oneWay":true}]`,
      "15 heal []",
      `20 crash ["kvserver"]`,
      `30 restart ["kvserver"]`,
      `40 setProfile ["${labProfile(true, profiles.unreliable).name}"]`,
    ]);
    expect(t.net.isRunning(SERVER)).toBe(true);
    expect(t.net.currentProfile).toEqual(scenarioNetwork(["unreliable"]));
    // The sorted copy: the scenario's own list is left as it was.
    expect(faults[0]!.atMs).toBe(30);
  });

  it("a restart of a server that is running does nothing", () => {
    const { t, applied } = watchedWorld();
    startFaultTimeline(t, [{ atMs: 0, action: "restart" }]);
    expect(applied).toEqual([]);
    expect(t.net.isRunning(SERVER)).toBe(true);
  });

  it("starts no task when every fault is due now, or there is none", () => {
    const { t } = watchedWorld();
    startFaultTimeline(t, []);
    startFaultTimeline(t, [{ atMs: 0, action: "heal" }]);
    // A second timeline would clash on the task name "faults" if one had been started.
    startFaultTimeline(t, [{ atMs: 5, action: "heal" }]);
    expect(() => startFaultTimeline(t, [{ atMs: 5, action: "heal" }])).toThrow('a task named "faults" already exists');
  });
});
