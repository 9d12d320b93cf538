import { sampleDelayMicros } from "./delay.js";
import { carefulEncode, tryEncode } from "./encode.js";
import type { End } from "./end.js";
import { Delivery, EventSalt, Exchange, Slot, happens, type Execution } from "./exchange.js";
import type { Faults } from "./faults.js";
import type { FaultProfile } from "./profile.js";
import { mixKey2, mixKey5, nameKey } from "./rng.js";
import type { Simulation } from "./simulation.js";
import { thrownText } from "./diagnostics/index.js";
import type { Instance, Topology } from "./topology.js";

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
export const DEAD_SERVER_POLL_MICROS = 100_000;

/**
 * A call's way through the network: send (copy and measure the arguments, perhaps duplicate),
 * route (unreachable, dropped or delayed), execute (run the handler), reply (dropped, delayed or
 * held back) and deliver (the first copy's answer settles the call; later ones are discarded).
 * Every fault is drawn from the message's key, so what one message meets never depends on another.
 * The counts it keeps are the network's.
 *
 * @example
 * const pipeline = new Pipeline(sim, topology, new Faults(profiles.reliable));
 * await pipeline.send(end, "get", { key: "k" }); // the reply, or undefined when the call was lost
 */
export class Pipeline {
  private observer: ((execution: Execution) => void) | undefined;
  private sent = 0;
  private bytes = 0;
  private delivered = 0;
  private lost = 0;
  private operations = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly topology: Topology,
    private readonly faults: Faults,
  ) {}

  /** Counts one client operation, so counts() can say how many messages an operation cost. */
  countOperation(): void {
    this.operations++;
  }

  /** What went through the network so far; `executed` names every server, 0 for the idle ones. */
  counts(): NetworkCounts {
    const executed: Record<string, number> = {};
    for (const slot of this.topology.serverSlots()) executed[slot.name] = slot.executed;
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

  /**
   * Calls `observer` whenever a handler finishes: what it was given, what it answered, when it ran.
   * For forensics (which execution applied which write); no cost while nobody observes.
   */
  onExecution(observer: (execution: Execution) => void): void {
    this.observer = observer;
  }

  /**
   * Counts, copies and routes one request; resolves with the reply, or undefined when lost.
   * Arguments that cannot cross the network fail the run, naming the method and the field, as a
   * reply that cannot does: a rejected call would surface only where the caller awaits it, and a
   * call nobody awaits (a Raft peer's fire-and-forget RPC) would fail nowhere the test can see.
   */
  send(end: End, method: string, args: unknown): Promise<unknown> {
    this.sent++;
    let encoded;
    try {
      encoded = tryEncode(args) ?? carefulEncode(args, `${method} args`);
    } catch (error) {
      this.sim.fail(error as Error);
      return new Promise(() => {}); // the run ends at its next step; the call never comes back
    }
    this.bytes += encoded.bytes;
    const seq = ++end.seq;
    const target = end.target ?? "";
    // The message's identity, with the run's seed: every fault it meets is decided from this key.
    const key = mixKey5(this.sim.seeds.key, end.key, nameKey(target), nameKey(method), seq);
    const exchange = new Exchange(end.name, target, method, seq, key);
    exchange.decision = this.faults.decisionFor(exchange);
    this.sim.record("send", exchange.key, exchange, undefined, encoded.bytes);
    return new Promise((resolve) => {
      exchange.resolve = resolve;
      const profile = this.faults.profileFor(end.host, target);
      if (happens(exchange.decision?.duplicate, profile.duplicate, exchange.key, Slot.duplicate)) {
        exchange.copies = 2;
        const copy = new Delivery(exchange, 1, mixKey2(exchange.key, 1));
        this.sim.record("duplicate", copy.key, copy);
        this.route(end, copy, (tryEncode(encoded.value) ?? carefulEncode(encoded.value, `${method} args`)).value, profile);
      }
      this.route(end, new Delivery(exchange, 0, exchange.key), encoded.value, profile);
    });
  }

  /** Gives up on a copy whose server died or whose end was disabled, at the next labrpc poll. */
  abandon(delivery: Delivery): void {
    if (delivery.abandoned) return;
    delivery.abandoned = true;
    const waited = this.sim.micros - delivery.startedAt;
    const nextPoll = Math.ceil(waited / DEAD_SERVER_POLL_MICROS) * DEAD_SERVER_POLL_MICROS - waited;
    this.sim.schedule(nextPoll, delivery.key ^ EventSalt.lost, () => this.fail(delivery));
  }

  private route(end: End, delivery: Delivery, args: unknown, profile: FaultProfile): void {
    const key = delivery.key;
    const slot = this.topology.reachable(end, delivery.exchange.target);
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
    const slot = instance.slot;
    if (!instance.alive || this.topology.reachable(end, exchange.target) !== slot) {
      // The server crashed, or the link was cut, while the request travelled.
      this.sim.record("unreachable", delivery.key, delivery);
      this.fail(delivery);
      return;
    }
    const handler = instance.server.handler(exchange.method);
    if (!handler) {
      const offered = instance.server.methods();
      this.sim.fail(new Error(`server "${slot.name}" has no method "${exchange.method}"; it offers: ${offered.join(", ") || "(none)"}`));
      return;
    }
    slot.executed++;
    this.sim.record("execute", delivery.key, delivery);
    const started = this.sim.micros;
    let result: unknown;
    try {
      result = handler(args);
    } catch (error) {
      this.sim.fail(handlerError(slot.name, exchange.method, error));
      return;
    }
    if (result instanceof Promise) {
      // Only a handler that awaits can be overtaken by a crash or a disabled end, so only then is
      // the copy tracked (a synchronous handler runs to its reply with nothing in between).
      delivery.startedAt = this.sim.micros;
      instance.inflight.add(delivery);
      result.then(
        (reply) => {
          // Observed first: an observer that crashes the server or disables the end gives up
          // this copy too, so a dead incarnation's reply never leaves.
          if (this.observer) this.observe(delivery, instance, args, started, reply);
          instance.inflight.delete(delivery);
          this.reply(end, delivery, reply, instance, profile);
        },
        (error: unknown) => this.sim.fail(handlerError(slot.name, exchange.method, error)),
      );
    } else {
      if (this.observer) this.observe(delivery, instance, args, started, result);
      this.reply(end, delivery, result, instance, profile);
    }
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
    // A crash abandons every copy in flight, so a dead incarnation's reply stops here.
    if (delivery.abandoned) return;
    const key = delivery.key;
    const backward = this.topology.isCut(instance.slot.name, end.host);
    const decision = delivery.decision;
    const dropped = happens(decision?.dropReply, profile.dropReply, key, Slot.dropReply);
    if (!end.enabled || backward || dropped) {
      this.sim.record("drop-reply", key, delivery);
      this.fail(delivery);
      return;
    }
    let encoded;
    try {
      encoded = tryEncode(reply) ?? carefulEncode(reply, `${instance.slot.name}.${delivery.exchange.method} reply`);
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
        // A reply that reaches a deleted end is lost, as labrpc loses it: the call comes back
        // empty rather than leaving its caller waiting for ever.
        if (!exchange.settled) this.fail(delivery);
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
}

/** A handler that threw broke the RPC contract: the run fails, naming the server and method. */
function handlerError(server: string, method: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : thrownText(error);
  return new Error(`server "${server}" handler "${method}" threw: ${message}`, { cause: error });
}
