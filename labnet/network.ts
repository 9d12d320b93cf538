import { thrownText } from "./thrown-text.js";
import { sampleDelayMicros } from "./delay.js";
import { encode } from "./encode.js";
import { End, type EndOptions } from "./end.js";
import { Delivery, EventSalt, Exchange, Slot, happens, type Execution, type MessageDecision } from "./exchange.js";
import { Persister } from "./persister.js";
import { type FaultProfile, compose, profiles } from "./profile.js";
import { nameKey, mixKey } from "./rng.js";
import type { Server, ServerFactory } from "./server.js";
import type { Simulation } from "./simulation.js";

/** Network-wide counts; `messagesPerOperation` is (requests sent + replies delivered) / operations. */
export interface NetworkCounts {
  sent: number;
  bytes: number;
  executed: Record<string, number>;
  delivered: number;
  lost: number;
  operations: number;
  messagesPerOperation: number;
}

/** A labrpc server poll interval: a crashed server's pending calls fail at the next poll. */
const DEAD_SERVER_POLL_MICROS = 100_000;

interface ServerSlot {
  name: string;
  factory: ServerFactory;
  persister: Persister;
  incarnation: number;
  executed: number;
  live: Instance | undefined;
}

interface Instance {
  slot: ServerSlot;
  server: Server;
  alive: boolean;
  inflight: Set<Delivery>;
}

/**
 * The simulated RPC network: ends, servers and every fault between them, decided by the seed.
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
  private readonly ends = new Map<string, End>();
  private readonly servers = new Map<string, ServerSlot>();
  private readonly cuts = new Set<string>();
  private readonly linkLayers = new Map<string, Partial<FaultProfile>>();
  private readonly linkProfiles = new Map<string, FaultProfile>();
  private readonly decisions = new Map<string, MessageDecision>();
  private observer: ((execution: Execution) => void) | undefined;
  private profile: FaultProfile;
  private sent = 0;
  private bytes = 0;
  private delivered = 0;
  private lost = 0;
  private operations = 0;

  constructor(
    private readonly sim: Simulation,
    profile: FaultProfile = profiles.reliable,
  ) {
    this.profile = profile;
  }

  /** Replaces the network-wide profile (per-link layers stay on top of it). */
  setProfile(profile: FaultProfile): void {
    this.profile = profile;
    for (const [link, layer] of this.linkLayers) this.linkProfiles.set(link, compose(profile, layer));
    this.sim.record("profile", nameKey(profile.name), profile.name);
  }

  get currentProfile(): FaultProfile {
    return this.profile;
  }

  /** Layers `layer` over the profile for messages from host `from` to host `to` (and their replies). */
  setLinkProfile(from: string, to: string, layer: Partial<FaultProfile>): void {
    const link = linkName(from, to);
    this.linkLayers.set(link, layer);
    this.linkProfiles.set(link, compose(this.profile, layer));
  }

  /** Fixes what happens to the message `id` ("end#seq"), whatever the profile would draw. */
  decide(id: string, decision: MessageDecision): void {
    this.decisions.set(id, decision);
  }

  addServer(name: string, factory: ServerFactory): void {
    if (this.servers.has(name)) throw new Error(`a server named "${name}" already exists`);
    const slot: ServerSlot = { name, factory, persister: new Persister(), incarnation: 0, executed: 0, live: undefined };
    this.servers.set(name, slot);
    this.start(slot);
  }

  /** Kills the server: its pending calls fail, its late replies never arrive; its persister survives. */
  crash(name: string): void {
    const slot = this.slot(name);
    const instance = slot.live;
    if (!instance) return;
    instance.alive = false;
    slot.live = undefined;
    slot.persister = slot.persister.copy();
    for (const delivery of instance.inflight) this.abandon(delivery);
    this.sim.record("crash", nameKey(name), name);
  }

  /** Starts a new incarnation of a crashed server, from its factory and what it last persisted. */
  restart(name: string): void {
    const slot = this.slot(name);
    if (slot.live) throw new Error(`server "${name}" is running; crash it before restarting it`);
    this.start(slot);
    this.sim.record("restart", nameKey(name), name, `incarnation ${slot.incarnation}`);
  }

  isRunning(name: string): boolean {
    return this.slot(name).live !== undefined;
  }

  makeEnd(name: string, options: EndOptions = {}): End {
    if (this.ends.has(name)) throw new Error(`an end named "${name}" already exists; end names must be unique`);
    const end = new End(this, name, options.host ?? name);
    this.ends.set(name, end);
    if (options.to !== undefined) {
      this.connect(name, options.to);
      this.enable(name, true);
    }
    return end;
  }

  /** Removes an end: its later calls fail as unreachable, replies still travelling to it are lost. */
  deleteEnd(name: string): void {
    const end = this.end(name);
    this.enable(name, false);
    this.ends.delete(name);
    end.attached = false;
    end.target = undefined;
  }

  connect(endName: string, serverName: string): void {
    this.end(endName).target = serverName;
    this.sim.record("connect", nameKey(endName), endName, `→ ${serverName}`);
  }

  /** Enables or disables an end. Disabling gives up on its calls that servers are still handling. */
  enable(endName: string, enabled: boolean): void {
    const end = this.end(endName);
    if (end.enabled === enabled) return;
    end.enabled = enabled;
    this.sim.record(enabled ? "enable" : "disable", end.key, endName);
    if (enabled) return;
    for (const slot of this.servers.values()) {
      for (const delivery of slot.live?.inflight ?? []) if (delivery.exchange.endName === endName) this.abandon(delivery);
    }
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

  /** Counts one client operation, so counts() can say how many messages an operation cost. */
  countOperation(): void {
    this.operations++;
  }

  counts(): NetworkCounts {
    const executed: Record<string, number> = {};
    for (const slot of this.servers.values()) executed[slot.name] = slot.executed;
    const messages = this.sent + this.delivered;
    return {
      sent: this.sent,
      bytes: this.bytes,
      executed,
      delivered: this.delivered,
      lost: this.lost,
      operations: this.operations,
      messagesPerOperation: this.operations === 0 ? 0 : messages / this.operations,
    };
  }

  /** @internal End.call's body: counts, copies and routes one request. */
  send(end: End, method: string, args: unknown): Promise<unknown> {
    this.sent++;
    let encoded;
    try {
      encoded = encode(args, `${method} args`);
    } catch (error) {
      return Promise.reject(error);
    }
    this.bytes += encoded.bytes;
    const seq = ++end.seq;
    const target = end.target ?? "";
    // The message's identity, with the run's seed: every fault it meets is decided from this key.
    const key = mixKey(this.sim.seeds.key, end.key, nameKey(target), nameKey(method), seq);
    const exchange = new Exchange(end.name, target, method, seq, key);
    if (this.decisions.size > 0) exchange.decision = this.decisions.get(exchange.id);
    this.sim.record("send", exchange.key, exchange, undefined, encoded.bytes);
    return new Promise((resolve) => {
      exchange.resolve = resolve;
      const profile = this.profileFor(end.host, target);
      if (happens(exchange.decision?.duplicate, profile.duplicate, exchange.key, Slot.duplicate)) {
        exchange.copies = 2;
        const copy = new Delivery(exchange, 1, mixKey(exchange.key, 1));
        this.sim.record("duplicate", copy.key, copy);
        this.route(end, copy, encode(encoded.value, `${method} args`).value, profile);
      }
      this.route(end, new Delivery(exchange, 0, exchange.key), encoded.value, profile);
    });
  }

  private route(end: End, delivery: Delivery, args: unknown, profile: FaultProfile): void {
    const key = delivery.key;
    const slot = this.reachableSlot(end, delivery.exchange.target);
    if (!slot?.live) {
      this.sim.record("unreachable", key, delivery);
      this.sim.schedule(sampleDelayMicros(profile.unreachable, key, Slot.unreachable), key ^ EventSalt.lost, () => this.fail(delivery));
      return;
    }
    const decision = delivery.decision;
    const delay =
      sampleDelayMicros(profile.latency, key, Slot.requestLatency) +
      sampleDelayMicros(profile.requestDelay, key, Slot.requestDelay) +
      Math.round((decision?.delayMs ?? 0) * 1000);
    if (happens(decision?.dropRequest, profile.dropRequest, key, Slot.dropRequest)) {
      this.sim.record("drop-request", key, delivery);
      this.sim.schedule(delay, key ^ EventSalt.lost, () => this.fail(delivery));
      return;
    }
    const instance = slot.live;
    this.sim.schedule(delay, key ^ EventSalt.arrive, () => this.execute(end, delivery, args, instance, profile));
  }

  private execute(end: End, delivery: Delivery, args: unknown, instance: Instance, profile: FaultProfile): void {
    const exchange = delivery.exchange;
    if (!instance.alive || this.reachableSlot(end, exchange.target) !== instance.slot) {
      // The server crashed, or the link was cut, while the request travelled.
      this.sim.record("unreachable", delivery.key, delivery);
      this.fail(delivery);
      return;
    }
    const handler = instance.server.handler(exchange.method);
    if (!handler) {
      const offered = instance.server.methods();
      this.sim.fail(new Error(`server "${instance.slot.name}" has no method "${exchange.method}"; it offers: ${offered.join(", ") || "(none)"}`));
      return;
    }
    instance.slot.executed++;
    this.sim.record("execute", delivery.key, delivery);
    const started = this.sim.micros;
    let result: unknown;
    try {
      result = handler(args);
    } catch (error) {
      this.sim.fail(handlerError(instance.slot.name, exchange.method, error));
      return;
    }
    if (result instanceof Promise) {
      // Only a handler that awaits can be overtaken by a crash or a disabled end, so only then is
      // the copy tracked (a synchronous handler runs to its reply with nothing in between).
      delivery.startedAt = this.sim.micros;
      instance.inflight.add(delivery);
      result.then(
        (reply) => {
          if (this.observer) this.observe(delivery, instance, args, started, reply);
          this.reply(end, delivery, reply, instance, profile);
        },
        (error: unknown) => this.sim.fail(handlerError(instance.slot.name, exchange.method, error)),
      );
    } else {
      if (this.observer) this.observe(delivery, instance, args, started, result);
      this.reply(end, delivery, result, instance, profile);
    }
  }

  /**
   * Calls `observer` whenever a handler finishes: what it was given, what it answered, when it ran.
   * For forensics (which execution applied which write); no cost while nobody observes.
   */
  onExecution(observer: (execution: Execution) => void): void {
    this.observer = observer;
  }

  private observe(delivery: Delivery, instance: Instance, args: unknown, startedMicros: number, reply: unknown): void {
    this.observer!({
      id: delivery.exchange.id,
      copy: delivery.copy,
      server: instance.slot.name,
      incarnation: instance.slot.incarnation,
      method: delivery.exchange.method,
      args,
      reply,
      startMs: startedMicros / 1000,
      endMs: this.sim.now(),
      abandoned: delivery.abandoned,
    });
  }

  private reply(end: End, delivery: Delivery, reply: unknown, instance: Instance, profile: FaultProfile): void {
    instance.inflight.delete(delivery);
    // A crash abandons every copy in flight, so a dead incarnation's reply stops here.
    if (delivery.abandoned) return;
    const key = delivery.key;
    const backward = this.cuts.size > 0 && this.cuts.has(linkName(instance.slot.name, end.host));
    const decision = delivery.decision;
    const dropped = happens(decision?.dropReply, profile.dropReply, key, Slot.dropReply);
    if (!end.enabled || backward || dropped) {
      this.sim.record("drop-reply", key, delivery);
      this.fail(delivery);
      return;
    }
    let encoded;
    try {
      encoded = encode(reply, `${instance.slot.name}.${delivery.exchange.method} reply`);
    } catch (error) {
      this.sim.fail(error as Error);
      return;
    }
    this.sim.record("reply", key, delivery, undefined, encoded.bytes);
    let delay = sampleDelayMicros(profile.latency, key, Slot.replyLatency) + Math.round((decision?.replyDelayMs ?? 0) * 1000);
    if (happens(undefined, profile.reorder, key, Slot.reorder)) {
      delay += sampleDelayMicros(profile.reorderDelay, key, Slot.reorderDelay);
    }
    this.sim.schedule(delay, key ^ EventSalt.reply, () => {
      const exchange = delivery.exchange;
      if (exchange.settled || !end.attached) {
        this.sim.record("discard", key, delivery);
        return;
      }
      exchange.settled = true;
      this.bytes += encoded.bytes;
      this.delivered++;
      this.sim.record("deliver", key, delivery);
      exchange.resolve(encoded.value);
    });
  }

  /** One copy failed; the call comes back empty once no copy is left travelling. */
  private fail(delivery: Delivery): void {
    const exchange = delivery.exchange;
    if (--exchange.copies > 0 || exchange.settled) return;
    exchange.settled = true;
    this.lost++;
    this.sim.record("lost", delivery.key, delivery);
    exchange.resolve(undefined);
  }

  /** Gives up on a copy whose server died or whose end was disabled, at the next labrpc poll. */
  private abandon(delivery: Delivery): void {
    if (delivery.abandoned) return;
    delivery.abandoned = true;
    const waited = this.sim.micros - delivery.startedAt;
    const nextPoll = Math.ceil(waited / DEAD_SERVER_POLL_MICROS) * DEAD_SERVER_POLL_MICROS - waited;
    this.sim.schedule(nextPoll, delivery.key ^ EventSalt.lost, () => this.fail(delivery));
  }

  /** The server an end's request can reach now, or undefined if the end is disabled or cut off. */
  private reachableSlot(end: End, target: string): ServerSlot | undefined {
    if (!end.enabled || !end.attached) return undefined;
    if (this.cuts.size > 0 && this.cuts.has(linkName(end.host, target))) return undefined;
    return this.servers.get(target);
  }

  private profileFor(from: string, to: string): FaultProfile {
    return (this.linkProfiles.size > 0 && this.linkProfiles.get(linkName(from, to))) || this.profile;
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

function linkName(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

function handlerError(server: string, method: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : thrownText(error);
  return new Error(`server "${server}" handler "${method}" threw: ${message}`, { cause: error });
}
