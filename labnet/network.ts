import type { End, EndOptions } from "./end.js";
import type { Execution, MessageDecision } from "./exchange.js";
import { Faults } from "./faults.js";
import { type NetworkCounts, Pipeline } from "./pipeline.js";
import { type FaultProfile, profiles } from "./profile.js";
import { nameKey } from "./rng.js";
import type { ServerFactory } from "./server.js";
import type { Simulation } from "./simulation.js";
import { Topology } from "./topology.js";

/**
 * The simulated RPC network: ends, servers and every fault between them, decided by the seed.
 * One face over three parts: the topology (who exists, who can reach whom), the faults a message
 * may meet (profiles and explicit decisions) and the pipeline that carries each call.
 *
 * @example
 * const sim = new Simulation({ seed: 1 });
 * const net = new Network(sim, compose(profiles.unreliable));
 * net.addServer("echo", () => Server.of({ echo: (args: { text: string }) => args }));
 * const end = net.makeEnd("client-1", { to: "echo" });
 * sim.spawn("client-1", async () => {
 *   const reply = await end.call("echo", { text: "hi" }); // { text: "hi" }, or undefined if lost
 * });
 * await sim.run();
 */
export class Network {
  private readonly faults: Faults;
  private readonly topology: Topology;
  private readonly pipeline: Pipeline;

  constructor(
    private readonly sim: Simulation,
    profile: FaultProfile = profiles.reliable,
  ) {
    this.faults = new Faults(profile);
    this.topology = new Topology(sim, this, (delivery) => this.pipeline.abandon(delivery));
    this.pipeline = new Pipeline(sim, this.topology, this.faults);
  }

  /** Replaces the network-wide profile (per-link layers stay on top of it). */
  setProfile(profile: FaultProfile): void {
    this.faults.setProfile(profile);
    this.sim.record("profile", nameKey(profile.name), profile.name);
  }

  /** The network-wide profile. */
  get currentProfile(): FaultProfile {
    return this.faults.profile;
  }

  /** Layers `layer` over the profile for messages from host `from` to host `to` (and their replies). */
  setLinkProfile(from: string, to: string, layer: Partial<FaultProfile>): void {
    this.faults.setLinkProfile(from, to, layer);
  }

  /** Fixes what happens to the message `id` ("end#seq"), whatever the profile would draw. */
  decide(id: string, decision: MessageDecision): void {
    this.faults.decide(id, decision);
  }

  /** Adds a server and starts its first incarnation; server names are unique. */
  addServer(name: string, factory: ServerFactory): void {
    this.topology.addServer(name, factory);
  }

  /** Kills the server: its pending calls fail, its late replies never arrive; its persister survives. */
  crash(name: string): void {
    this.topology.crash(name);
  }

  /** Starts a new incarnation of a crashed server, from its factory and what it last persisted. */
  restart(name: string): void {
    this.topology.restart(name);
  }

  /** True unless the server is crashed. */
  isRunning(name: string): boolean {
    return this.topology.isRunning(name);
  }

  /** Makes a client's end; with `to` it is connected and enabled, otherwise disabled (as in labrpc). */
  makeEnd(name: string, options: EndOptions = {}): End {
    return this.topology.makeEnd(name, options);
  }

  /** Removes an end: its later calls fail as unreachable, replies still travelling to it are lost. */
  deleteEnd(name: string): void {
    this.topology.deleteEnd(name);
  }

  /** Points an end at a server (it may be connected before the server exists). */
  connect(endName: string, serverName: string): void {
    this.topology.connect(endName, serverName);
  }

  /** Enables or disables an end. Disabling gives up on its calls that servers are still handling. */
  enable(endName: string, enabled: boolean): void {
    this.topology.enable(endName, enabled);
  }

  /** Cuts the links from every host in `a` to every host in `b`, and back unless `oneWay`. */
  partition(a: readonly string[], b: readonly string[], options: { oneWay?: boolean } = {}): void {
    this.topology.partition(a, b, options);
  }

  /** Restores every cut link. */
  heal(): void {
    this.topology.heal();
  }

  /** Counts one client operation, so counts() can say how many messages an operation cost. */
  countOperation(): void {
    this.pipeline.countOperation();
  }

  /** What went through the network so far; `executed` names every server, 0 for the idle ones. */
  counts(): NetworkCounts {
    return this.pipeline.counts();
  }

  /**
   * Calls `observer` whenever a handler finishes: what it was given, what it answered, when it ran.
   * For forensics (which execution applied which write); no cost while nobody observes.
   */
  onExecution(observer: (execution: Execution) => void): void {
    this.pipeline.onExecution(observer);
  }

  /** @internal End.call's body: counts, copies and routes one request. */
  send(end: End, method: string, args: unknown): Promise<unknown> {
    return this.pipeline.send(end, method, args);
  }
}
