import type { PutOutcome, Versioned } from "../engine/engine.js";
import { ProtocolError, type ErrorCode } from "./errors.js";

/**
 * A request: an `id` the client chooses (an unsigned integer; the reply carries it back, so a
 * connection can have many requests in flight) and a command with its fields.
 */
export type Request =
  | { id: number; cmd: "get"; key: string }
  | { id: number; cmd: "set"; key: string; value: string }
  | { id: number; cmd: "put"; key: string; value: string; version: number }
  | { id: number; cmd: "rm"; key: string }
  | { id: number; cmd: "shutdown" };

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
  /** Sent once the server has stopped: no longer listening, engine closed. */
  shutdown: null;
}

/** A reply: the request's id (null when it could not be read) and either `ok` or `error`. */
export type Response =
  | { id: number; ok: Results[Command] }
  | { id: number | null; error: { code: ErrorCode; message: string } };

/** A request without its id: what a client asks for. */
export type Call = Request extends infer R ? (R extends { id: number } ? Omit<R, "id"> : never) : never;

const fields: Record<Command, readonly (readonly [name: string, kind: "string" | "version"])[]> = {
  get: [["key", "string"]],
  set: [["key", "string"], ["value", "string"]],
  put: [["key", "string"], ["value", "string"], ["version", "version"]],
  rm: [["key", "string"]],
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
    throw new ProtocolError("BadRequest", `unknown command ${JSON.stringify(cmd)}: expected one of ${Object.keys(fields).join(", ")}`, id);
  }
  for (const [name, kind] of fields[cmd as Command]) {
    const value = record[name];
    const fits = kind === "string" ? typeof value === "string" : isUnsigned(value);
    if (!fits) throw new ProtocolError("BadRequest", `${cmd} needs ${name}: ${kind === "string" ? "a string" : "an unsigned integer"}`, id);
  }
  return record as Request;
}

function isUnsigned(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}
