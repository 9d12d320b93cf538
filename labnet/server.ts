import type { LabEnv } from "./env.js";
import type { Persister } from "./persister.js";

/** A request handler: gets a private copy of the arguments, returns (or resolves to) the reply. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (args: any) => unknown;

/**
 * What a simulated server offers: handlers by RPC method name. A service object's methods are
 * offered under their own names (`get`, `put`), or as `prefix.name` when several services share
 * one server (e.g. `Raft.appendEntries` beside `KV.get`).
 *
 * @example
 * class Counter { n = 0; bump() { return { n: ++this.n }; } }
 * const server = Server.of(new Counter());       // offers "bump"
 * server.methods();                              // ["bump"]
 */
export class Server {
  private readonly handlers = new Map<string, Handler>();

  /**
   * A server offering every method of `service`, but those named in `except` (methods a service
   * offers its own host rather than the network, e.g. a Raft peer's start and getState).
   */
  static of(service: object, except: readonly string[] = []): Server {
    return new Server().add(service, undefined, except);
  }

  /** Offers every method of `service` (own or inherited from its class), bound to it, but those in `except`. */
  add(service: object, prefix?: string, except: readonly string[] = []): this {
    for (const name of methodNames(service)) {
      if (except.includes(name)) continue;
      const method = (service as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
      const fullName = prefix ? `${prefix}.${name}` : name;
      if (this.handlers.has(fullName)) throw new Error(`method "${fullName}" is offered twice`);
      this.handlers.set(fullName, method.bind(service));
    }
    return this;
  }

  handler(method: string): Handler | undefined {
    return this.handlers.get(method);
  }

  methods(): string[] {
    return [...this.handlers.keys()].sort();
  }
}

/** Function-valued properties of an object and its class chain, except Object's and constructors. */
function methodNames(service: object): string[] {
  const names = new Set<string>();
  for (let o: object | null = service; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const name of Object.getOwnPropertyNames(o)) {
      if (name === "constructor" || names.has(name)) continue;
      const descriptor = Object.getOwnPropertyDescriptor(o, name);
      if (descriptor && typeof descriptor.value === "function") names.add(name);
    }
  }
  return [...names];
}

/** What a server factory gets: its name, its LabEnv and the persister that survives crashes. */
export interface ServerContext {
  name: string;
  incarnation: number;
  env: LabEnv;
  persister: Persister;
}

/** Builds a server's incarnation: called when it is added and on every restart. */
export type ServerFactory = (context: ServerContext) => Server;
