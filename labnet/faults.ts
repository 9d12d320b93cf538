import type { MessageDecision } from "./exchange.js";
import { type FaultProfile, compose } from "./profile.js";
import { linkName } from "./topology.js";

/**
 * Which faults a message may meet: the network-wide profile, per-link layers over it, and explicit
 * decisions that fix one message's fate. Settings only: the pipeline asks them about each message
 * and draws from the message's key, so nothing here is random.
 *
 * @example
 * const faults = new Faults(compose(profiles.unreliable));
 * faults.setLinkProfile("client-1", "kv", { dropRequest: 1 }); // this link loses every request
 * faults.profileFor("client-1", "kv").dropRequest;            // 1
 * faults.profileFor("client-2", "kv").dropRequest;            // 0.1
 */
export class Faults {
  private readonly linkLayers = new Map<string, Partial<FaultProfile>>();
  private readonly linkProfiles = new Map<string, FaultProfile>();
  private readonly decisions = new Map<string, MessageDecision>();

  constructor(private current: FaultProfile) {}

  /** The network-wide profile. */
  get profile(): FaultProfile {
    return this.current;
  }

  /** Replaces the network-wide profile; each link's layer is laid over the new one. */
  setProfile(profile: FaultProfile): void {
    this.current = profile;
    for (const [link, layer] of this.linkLayers) this.linkProfiles.set(link, compose(profile, layer));
  }

  /** Layers `layer` over the profile for messages from host `from` to host `to` (and their replies). */
  setLinkProfile(from: string, to: string, layer: Partial<FaultProfile>): void {
    const link = linkName(from, to);
    this.linkLayers.set(link, layer);
    this.linkProfiles.set(link, compose(this.current, layer));
  }

  /** The profile a message from host `from` to host `to` meets. */
  profileFor(from: string, to: string): FaultProfile {
    return (this.linkProfiles.size > 0 && this.linkProfiles.get(linkName(from, to))) || this.current;
  }

  /**
   * Fixes what happens to the message `id` ("end#seq"), whatever the profile would draw. A delay
   * must be a finite number of milliseconds ≥ 0: any other would schedule an event in the past or
   * at no time at all, and the clock would go back.
   */
  decide(id: string, decision: MessageDecision): void {
    for (const field of ["delayMs", "replyDelayMs"] as const) {
      const ms = decision[field];
      if (ms !== undefined && !(Number.isFinite(ms) && ms >= 0)) throw new RangeError(`decide("${id}"): ${field} must be a finite number ≥ 0, got ${ms}`);
    }
    this.decisions.set(id, decision);
  }

  /** The explicit decision for `message`, if a fault plan named it (its id is built only then). */
  decisionFor(message: { readonly id: string }): MessageDecision | undefined {
    return this.decisions.size > 0 ? this.decisions.get(message.id) : undefined;
  }
}
