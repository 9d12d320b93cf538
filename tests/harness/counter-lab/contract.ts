import type { ClientEnd, LabEnv } from "../../../labnet/index.js";
import { ImplementationError } from "../../../src/harness/index.js";

/** An increment as it travels: the client's name and its own count of increments, so a server can answer a resend as it answered the first copy. */
export interface IncrementArgs {
  client: string;
  seq: number;
}

/** What the server answers an increment or a get: the counter's value after it. */
export interface CounterReply {
  value: number;
}

/** The client a test uses: each call retries until the server answers, and returns the value the server gave. */
export interface CounterClient {
  increment(): Promise<number>;
  get(): Promise<number>;
}

/**
 * What a user of the counter lab writes: a server offering `increment(IncrementArgs)` and
 * `get({})` handlers, each answering a CounterReply, and a client that reaches it over an end
 * that may lose requests and replies. `atMostOnce: false` says the implementation does not claim
 * that a resent increment counts once: the tests that need it are then skipped.
 */
export interface CounterImplementation {
  createServer(env: LabEnv): object;
  createClient(end: ClientEnd, env: LabEnv, name: string): CounterClient;
  atMostOnce?: boolean;
}

const REQUIRED = ["createServer", "createClient"] as const;

/** The counter lab's one part (`--server PATH`): a server on its own, under `--impl`'s client. */
export type CounterServerPart = Pick<CounterImplementation, "createServer">;

/** `candidate` as a server part, or an ImplementationError naming `where`. */
export function checkServerPart(candidate: unknown, where: string): CounterServerPart {
  if (typeof (candidate as Partial<CounterServerPart> | null)?.createServer !== "function") throw new ImplementationError(`${where}: the default export lacks createServer (a function)`);
  return candidate as CounterServerPart;
}

/** `candidate` as a counter implementation, or an ImplementationError naming `where` and every function it lacks. */
export function checkImplementation(candidate: unknown, where: string): CounterImplementation {
  if (typeof candidate !== "object" || candidate === null) throw new ImplementationError(`${where}: the default export is not an object with ${REQUIRED.join(" and ")}`);
  const missing = REQUIRED.filter((name) => typeof (candidate as Record<string, unknown>)[name] !== "function");
  if (missing.length > 0) throw new ImplementationError(`${where}: the default export lacks ${missing.join(" and ")} (a function)`);
  return candidate as CounterImplementation;
}
