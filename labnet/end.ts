import type { ClientEnd } from "./exchange.js";
import { nameKey } from "./rng.js";

/** What sends an end's calls: the network it belongs to. */
export interface Sender {
  send(end: End, method: string, args: unknown): Promise<unknown>;
}

/** Where a new end points and where it lives. */
export interface EndOptions {
  /** Connect the end to this server and enable it (otherwise it starts disabled, as in labrpc). */
  to?: string;
  /** The host the end lives on, for partitions and per-link profiles (default: the end's name). */
  host?: string;
}

/** A client's end: one per (client, server), as labrpc's. */
export class End implements ClientEnd {
  seq = 0;
  enabled = false;
  /** False once deleteEnd removed it: its later calls are unreachable, replies to it are dropped. */
  attached = true;
  target: string | undefined;
  readonly key: number;

  constructor(
    private readonly network: Sender,
    readonly name: string,
    readonly host: string,
  ) {
    this.key = nameKey(name);
  }

  call<A, R>(method: string, args: A): Promise<R | undefined> {
    return this.network.send(this, method, args) as Promise<R | undefined>;
  }
}
