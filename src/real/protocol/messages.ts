import type { PutOutcome, Versioned } from "../engine/engine.js";
import type { Address } from "./address.js";
import { errorMessage } from "../errors/index.js";
import { ProtocolError, type ErrorCode } from "./errors.js";
import { peerText } from "./peer-text.js";

/**
 * A request: an `id` the client chooses (an unsigned integer; the reply carries it back, so a
 * connection can have many requests in flight) and a command with its fields.
 */
export type Request =
  | { id: number; cmd: "get"; key: string }
  | { id: number; cmd: "set"; key: string; value: string }
  | { id: number; cmd: "put"; key: string; value: string; version: number }
  | { id: number; cmd: "rm"; key: string }
  | { id: number; cmd: "del"; key: string; version: number }
  | { id: number; cmd: "where" }
  | { id: number; cmd: "status" }
  /** `token`: the server's shutdown token, when it requires one (see ShutdownGuard). */
  | { id: number; cmd: "shutdown"; token?: string };

export type Command = Request["cmd"];

/** What each command answers when it succeeds. */
export interface Results {
  /** The value and version, or null when the key does not exist (not an error). */
  get: Versioned | null;
  /** The key's new version. */
  set: { version: number };
  /** The versioned put's outcome: OK, ErrVersion or ErrNoKey. */
  put: { err: PutOutcome };
  rm: null;
  /** Whether the key was deleted: false when it does not exist or is at another version. */
  del: { deleted: boolean };
  /**
   * Where to send data commands: null when this server serves them itself (kvs-server, the data
   * server), else the address it hands clients to (the front server). Also the liveness probe.
   */
  where: Address | null;
  /** The front server's view of the pair: its own process and the data server's. */
  status: PairStatus;
  /** Sent once the server has stopped: no longer listening, engine closed. */
  shutdown: null;
}

/** A server process of the front/data pair: its pid and where it listens. */
export interface PairProcess {
  pid: number;
  address: Address;
}

export interface PairStatus {
  front: PairProcess;
  /** Null while the data server is being (re)started. */
  data: PairProcess | null;
}

/** A reply: the request's id (null when it could not be read) and either `ok` or `error`. */
export type Response =
  | { id: number; ok: Results[Command] }
  | { id: number | null; error: { code: ErrorCode; message: string } };

/** The reply to a request the server failed to carry out (an engine's error): `Internal`, with why. */
export function internalError(id: number, error: unknown): Response {
  return { id, error: { code: "Internal", message: errorMessage(error) } };
}

/** A request without its id: what a client asks for. */
export type Call = Request extends infer R ? (R extends { id: number } ? Omit<R, "id"> : never) : never;

const fields: Record<Command, readonly (readonly [name: string, kind: "string" | "version"])[]> = {
  get: [["key", "string"]],
  set: [["key", "string"], ["value", "string"]],
  put: [["key", "string"], ["value", "string"], ["version", "version"]],
  rm: [["key", "string"]],
  del: [["key", "string"], ["version", "version"]],
  where: [],
  status: [],
  shutdown: [],
};

/**
 * Checks that a decoded body is a request; throws `BadRequest` (with the id, when there is one)
 * naming what is wrong. Fields beyond a command's own are ignored, so a later version of the
 * protocol can add optional ones.
 */
export function parseRequest(body: unknown): Request {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ProtocolError("BadRequest", "a request must be a map");
  }
  const record = body as Record<string, unknown>;
  const id = record.id;
  if (!isUnsigned(id)) throw new ProtocolError("BadRequest", "a request needs an id: an unsigned integer");
  const cmd = record.cmd;
  if (typeof cmd !== "string" || !Object.hasOwn(fields, cmd)) {
    throw new ProtocolError("BadRequest", `unknown command ${peerText(cmd)}: expected one of ${Object.keys(fields).join(", ")}`, id);
  }
  for (const [name, kind] of fields[cmd as Command]) {
    const value = record[name];
    const fits = kind === "string" ? typeof value === "string" : isUnsigned(value);
    if (!fits) throw new ProtocolError("BadRequest", `${cmd} needs ${name}: ${kind === "string" ? "a string" : "an unsigned integer"}`, id);
  }
  return record as Request;
}

/**
 * Checks that a decoded body is a reply (what a client reads), so a server that sends something
 * else fails the connection with `BadFrame` instead of a TypeError in the client. The result's
 * shape is not checked further: that is each command's business.
 */
export function parseResponse(body: unknown): Response {
  const record = body as Record<string, unknown> | null;
  const id = record?.id;
  const error = record?.error as Record<string, unknown> | null | undefined;
  const fits =
    typeof record === "object" &&
    record !== null &&
    !Array.isArray(record) &&
    (id === null || isUnsigned(id)) &&
    ("ok" in record || (typeof error === "object" && error !== null && typeof error.code === "string" && typeof error.message === "string"));
  if (!fits) throw new ProtocolError("BadFrame", `${peerText(body)} is not a reply`);
  return record as Response;
}

function isUnsigned(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}
