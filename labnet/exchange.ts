import { keyedUniform } from "./rng.js";
import type { Labelled } from "./trace.js";

/** How a client reaches a server. Resolves `undefined` when the request or the reply was lost. */
export interface ClientEnd {
  call<A, R>(method: string, args: A): Promise<R | undefined>;
}

/**
 * Where each random decision about a message reads its draw: decision slots of the message's key.
 * Each delay takes two slots. Fixed slots keep every decision independent of the others, so a
 * changed probability for one kind of fault does not move the draws of another.
 */
export const Slot = {
  requestLatency: 0,
  requestDelay: 2,
  dropRequest: 4,
  duplicate: 5,
  dropReply: 6,
  reorder: 7,
  reorderDelay: 8,
  replyLatency: 10,
  unreachable: 12,
} as const;

/** Salts that give the events of one message distinct identities (and so distinct tie-breaks). */
export const EventSalt = { arrive: 0x1000, reply: 0x2000, lost: 0x3000 } as const;

/**
 * Explicit faults for one message, named by its id ("client-1#3": the third call on end
 * client-1). A field that is set replaces the profile's random decision for that message's
 * original copy; an unset field leaves it to the profile. This is how a fault plan (a scenario
 * file, a fuzzer's shrunk counterexample) says exactly what happened to which message.
 *
 * @example
 * net.decide("client-1#3", { dropReply: true });   // the server runs it, the client never hears
 * net.decide("client-2#1", { delayMs: 500 });       // held 500 ms before delivery
 */
export interface MessageDecision {
  dropRequest?: boolean;
  dropReply?: boolean;
  duplicate?: boolean;
  /** Extra delay before the request is delivered. */
  delayMs?: number;
  /** Extra delay before the reply reaches the caller. */
  replyDelayMs?: number;
}

/** One call: a request that may travel as several copies and settles once, with the first answer. */
export class Exchange implements Labelled {
  /** Copies still travelling; the call is lost only when every copy has failed. */
  copies = 1;
  settled = false;
  /** The explicit decision for this message, if a fault plan named it. */
  decision: MessageDecision | undefined;
  /** Set by Network.send before the exchange can settle. */
  resolve!: (reply: unknown) => void;

  constructor(
    readonly endName: string,
    readonly target: string,
    readonly method: string,
    readonly seq: number,
    readonly key: number,
  ) {}

  /** The id fault plans use: end name and per-end sequence number. */
  get id(): string {
    return `${this.endName}#${this.seq}`;
  }

  get label(): string {
    return `${this.id} ${this.method}→${this.target}`;
  }
}

/** One copy of a request on its way to, or inside, a server. */
export class Delivery implements Labelled {
  /** Set when a crash or a disabled end gave up on this copy while its handler still ran. */
  abandoned = false;
  startedAt = 0;

  constructor(
    readonly exchange: Exchange,
    readonly copy: number,
    readonly key: number,
  ) {}

  get label(): string {
    return this.copy === 0 ? this.exchange.label : `${this.exchange.label} (copy ${this.copy})`;
  }

  /** The explicit decision that applies to this copy: a plan names original messages only. */
  get decision(): MessageDecision | undefined {
    return this.copy === 0 ? this.exchange.decision : undefined;
  }
}

/** A planned decision if there is one, else the profile's seeded draw from the message's key. */
export function happens(planned: boolean | undefined, probability: number, key: number, slot: number): boolean {
  if (planned !== undefined) return planned;
  return probability > 0 && keyedUniform(key, slot) < probability;
}

/** One finished handler run, as `Network.onExecution` reports it. */
export interface Execution {
  /** The message id ("end#seq") and copy (0, or 1 for a duplicate). */
  id: string;
  copy: number;
  server: string;
  incarnation: number;
  method: string;
  args: unknown;
  reply: unknown;
  startMs: number;
  endMs: number;
  /** True when a crash or a disabled end had already given up on it: its reply goes nowhere. */
  abandoned: boolean;
}
