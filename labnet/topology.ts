import { End, type EndOptions, type Sender } from "./end.js";
import type { Delivery } from "./exchange.js";
import { Persister } from "./persister.js";
import { nameKey } from "./rng.js";
import type { Server, ServerFactory } from "./server.js";
import type { Simulation } from "./simulation.js";

/** A server's name and what outlives its incarnations: its factory and its persister. */
export interface ServerSlot {
  name: string;
  factory: ServerFactory;
  persister: Persister;
  incarnation: number;
  /** The running incarnation; undefined while the server is crashed. */
  live: Instance | undefined;
  /** Handler runs, over all incarnations (the network's counts report them). */
  executed: number;
}

/** One incarnation of a server, and the copies its handlers are still working on. */
export interface Instance {
  slot: ServerSlot;
  server: Server;
  alive: boolean;
  /** Copies whose handler awaits: a crash, or their end's disabling, gives up on them. */
  inflight: Set<Delivery>;
}

/**
 * Who is on the network and who can reach whom: servers and their incarnations, clients' ends,
 * and the links cut between hosts. Every change is a trace event. It carries no message: a call
 * that a crash or a disabled end leaves behind is handed to `giveUp`, which decides how it ends.
 *
 * @example
 * const topology = new Topology(sim, sender, (delivery) => pipeline.abandon(delivery));
 * topology.addServer("kv", () => Server.of(new KV()));
 * const end = topology.makeEnd("client-1", { to: "kv" });
 * topology.partition(["client-1"], ["kv"]);
 * topology.reachable(end, "kv"); // undefined: the link is cut
 */
export class Topology {
  private readonly ends = new Map<string, End>();
  private readonly servers = new Map<string, ServerSlot>();
  private readonly cuts = new Set<string>();

  constructor(
    private readonly sim: Simulation,
    /** What sends the calls of the ends this topology makes. */
    private readonly sender: Sender,
    private readonly giveUp: (delivery: Delivery) => void,
  ) {}

  /** Adds a server and starts its first incarnation; server names are unique. */
  addServer(name: string, factory: ServerFactory): void {
    if (this.servers.has(name)) throw new Error(`a server named "${name}" already exists`);
    const slot: ServerSlot = { name, factory, persister: new Persister(), incarnation: 0, live: undefined, executed: 0 };
    this.servers.set(name, slot);
    this.start(slot);
  }

  /** Kills the server: its pending calls are given up, its late replies never leave; its persister survives. */
  crash(name: string): void {
    const slot = this.slot(name);
    const instance = slot.live;
    if (!instance) return;
    instance.alive = false;
    slot.live = undefined;
    slot.persister = slot.persister.copy();
    for (const delivery of instance.inflight) this.giveUp(delivery);
    this.sim.record("crash", nameKey(name), name);
  }

  /** Starts a new incarnation of a crashed server, from its factory and what it last persisted. */
  restart(name: string): void {
    const slot = this.slot(name);
    if (slot.live) throw new Error(`server "${name}" is running; crash it before restarting it`);
    this.start(slot);
    this.sim.record("restart", nameKey(name), name, `incarnation ${slot.incarnation}`);
  }

  /** True unless the server is crashed. */
  isRunning(name: string): boolean {
    return this.slot(name).live !== undefined;
  }

  /** The servers, in the order they were added. */
  serverSlots(): ServerSlot[] {
    return [...this.servers.values()];
  }

  /** Makes a client's end; with `to` it is connected and enabled, otherwise disabled (as in labrpc). */
  makeEnd(name: string, options: EndOptions = {}): End {
    if (this.ends.has(name)) throw new Error(`an end named "${name}" already exists; end names must be unique`);
    const end = new End(this.sender, name, options.host ?? name);
    this.ends.set(name, end);
    // The end itself rather than its name from here on: a run may hold 100,000 ends, and each
    // lookup in a map that large costs a cache miss or two.
    if (options.to !== undefined) {
      this.point(end, options.to);
      this.turn(end, true);
    }
    return end;
  }

  /** Removes an end: its later calls fail as unreachable, replies still travelling to it are lost. */
  deleteEnd(name: string): void {
    const end = this.end(name);
    this.turn(end, false);
    this.ends.delete(name);
    end.attached = false;
    end.target = undefined;
  }

  /** Points an end at a server (it may be connected before the server exists). */
  connect(endName: string, serverName: string): void {
    this.point(this.end(endName), serverName);
  }

  /** Enables or disables an end. Disabling gives up on its calls that servers are still handling. */
  enable(endName: string, enabled: boolean): void {
    this.turn(this.end(endName), enabled);
  }

  /** Cuts the links from every host in `a` to every host in `b`, and back unless `oneWay`. */
  partition(a: readonly string[], b: readonly string[], options: { oneWay?: boolean } = {}): void {
    for (const from of a) {
      for (const to of b) {
        this.cuts.add(linkName(from, to));
        if (!options.oneWay) this.cuts.add(linkName(to, from));
      }
    }
    const detail = `${a.join(",")} ${options.oneWay ? "-/->" : "<-/->"} ${b.join(",")}`;
    this.sim.record("partition", nameKey(detail), detail);
  }

  /** Restores every cut link. */
  heal(): void {
    this.cuts.clear();
    this.sim.record("heal", 0, "network");
  }

  /** True when the link from host `from` to host `to` is cut. */
  isCut(from: string, to: string): boolean {
    return this.cuts.size > 0 && this.cuts.has(linkName(from, to));
  }

  /** The server an end's request can reach now, or undefined if the end is disabled, deleted or cut off. */
  reachable(end: End, target: string): ServerSlot | undefined {
    if (!end.enabled || !end.attached) return undefined;
    if (this.isCut(end.host, target)) return undefined;
    return this.servers.get(target);
  }

  private point(end: End, serverName: string): void {
    end.target = serverName;
    this.sim.record("connect", end.key, end.name, `→ ${serverName}`);
  }

  private turn(end: End, enabled: boolean): void {
    if (end.enabled === enabled) return;
    end.enabled = enabled;
    this.sim.record(enabled ? "enable" : "disable", end.key, end.name);
    if (enabled) return;
    for (const slot of this.servers.values()) {
      for (const delivery of slot.live?.inflight ?? []) if (delivery.exchange.endName === end.name) this.giveUp(delivery);
    }
  }

  private start(slot: ServerSlot): void {
    slot.incarnation++;
    const env = this.sim.env(`${slot.name}#${slot.incarnation}`);
    const server = slot.factory({ name: slot.name, incarnation: slot.incarnation, env, persister: slot.persister });
    slot.live = { slot, server, alive: true, inflight: new Set() };
  }

  private slot(name: string): ServerSlot {
    const slot = this.servers.get(name);
    if (!slot) throw new Error(`no server named "${name}"; servers: ${[...this.servers.keys()].join(", ") || "(none)"}`);
    return slot;
  }

  private end(name: string): End {
    const end = this.ends.get(name);
    if (!end) throw new Error(`no end named "${name}"`);
    return end;
  }
}

/** The key of the directed link from host `from` to host `to`. */
export function linkName(from: string, to: string): string {
  return `${from}\u0000${to}`;
}
