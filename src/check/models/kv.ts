import type { Model } from "../model.js";
import { stateHash } from "../model.js";
import { WriteEvidence } from "./write-evidence.js";
import { integer, object, oneOf, string } from "./shape.js";

/**
 * The errors a kvlab clerk returns.
 *
 * @example
 * const err: KvErr = "ErrMaybe"; // a retried put met ErrVersion: it may or may not have applied
 */
export type KvErr = "OK" | "ErrNoKey" | "ErrVersion" | "ErrMaybe";
/**
 * A clerk call: `get(key)` or `put(key, value, version)`.
 *
 * @example
 * const put: KvInput = { op: "put", key: "x", value: "a", version: 0 };
 */
export type KvInput = { op: "get"; key: string } | { op: "put"; key: string; value: string; version: number };
/**
 * A clerk reply: a get's value, version and err; a put's err.
 *
 * @example
 * const reply: KvOutput = { value: "a", version: 1, err: "OK" };
 */
export interface KvOutput {
  value?: string;
  version?: number;
  err: KvErr;
}
/**
 * One key's value and version; version 0 means the key does not exist.
 *
 * @example
 * kvModel.init(); // { value: "", version: 0 }
 */
export interface KvState {
  value: string;
  version: number;
}

const ERRS: readonly KvErr[] = ["OK", "ErrNoKey", "ErrVersion", "ErrMaybe"];

/**
 * The versioned key/value service, one key per partition. A get must return the current value (its
 * version and err are not checked); a put whose version matches installs the value and bumps the
 * version, and must have returned OK or ErrMaybe; a put whose version does not match changes
 * nothing and must have returned ErrVersion or ErrMaybe. So an ErrMaybe put may be linearized as
 * applied or not. A put of unknown outcome is applied if its version matches where it is placed.
 *
 * @example
 * kvModel.step({ value: "", version: 0 }, { op: "put", key: "x", value: "a", version: 0 }, { err: "OK" });
 * // { value: "a", version: 1 }
 */
export const kvModel: Model<KvState, KvInput, KvOutput> = {
  init: () => ({ value: "", version: 0 }),
  step(state, input, output) {
    if (input.op === "get") return output === undefined || output.value === state.value ? state : undefined;
    return put(state, input, output, (err, matched) => (matched ? err === "OK" : err === "ErrVersion"));
  },
  equal: (a, b) => a.version === b.version && a.value === b.value,
  hash: (s) => stateHash(s.value, s.version),
  partition: (op) => op.input.key,
  readOnly: (input, output) => input.op === "get" || (output !== undefined && output.err !== "OK" && output.err !== "ErrMaybe"),
  // A get shows the put of its value, which installs it only at the version it names; versions only grow.
  evidence: (ops) =>
    new WriteEvidence(ops, {
      shown: (input, output) => (input.op === "get" ? { value: output.value ?? "" } : undefined),
      sets: (input, output) => (input.op === "put" && (output === undefined || output.err === "OK" || output.err === "ErrMaybe") ? { value: input.value } : undefined),
      canStillSet: (input, state) => input.op === "put" && input.version >= state.version,
      valueIn: (state) => state.value,
    }),
  describeOperation: describeKv,
  describeState: (s) => (s.version === 0 ? "no value (version 0)" : `${JSON.stringify(s.value)} (version ${s.version})`),
};

/**
 * {@link kvModel} that also checks what the service promises beyond it: a get returns the current
 * version too, with ErrNoKey exactly when the key does not exist; a put with version > 0 on a
 * missing key returns ErrNoKey.
 *
 * @example
 * kvStrictModel.step({ value: "a", version: 1 }, { op: "get", key: "x" }, { value: "a", version: 2, err: "OK" });
 * // undefined: the version is wrong
 */
export const kvStrictModel: Model<KvState, KvInput, KvOutput> = {
  ...kvModel,
  step(state, input, output) {
    if (input.op === "get") {
      if (output === undefined) return state;
      const err = state.version === 0 ? "ErrNoKey" : "OK";
      return output.value === state.value && output.version === state.version && output.err === err ? state : undefined;
    }
    return put(state, input, output, (err, matched) =>
      matched ? err === "OK" : err === (state.version === 0 ? "ErrNoKey" : "ErrVersion"),
    );
  },
};

/** A put's step: `plain(err, matched)` says whether a definite (non-ErrMaybe) reply fits. */
function put(
  state: KvState,
  input: Extract<KvInput, { op: "put" }>,
  output: KvOutput | undefined,
  plain: (err: KvErr, matched: boolean) => boolean,
): KvState | undefined {
  const matched = state.version === input.version;
  const next = matched ? { value: input.value, version: state.version + 1 } : state;
  if (output === undefined || output.err === "ErrMaybe") return next;
  return plain(output.err, matched) ? next : undefined;
}

function describeKv(input: KvInput, output: KvOutput | undefined): string {
  if (input.op === "get") {
    const reply = output === undefined ? "?" : `(${JSON.stringify(output.value ?? "")}, ${output.version ?? 0}, ${output.err})`;
    return `get(${JSON.stringify(input.key)}) -> ${reply}`;
  }
  const call = `put(${JSON.stringify(input.key)}, ${JSON.stringify(input.value)}, ${input.version})`;
  return `${call} -> ${output === undefined ? "?" : output.err}`;
}

/** Reads a {@link KvInput} from a JSON value. */
export function readKvInput(value: unknown): KvInput {
  const o = object(value, "input");
  const op = oneOf(o, "op", ["get", "put"] as const, "input");
  const key = string(o, "key", "input");
  if (op === "get") return { op, key };
  return { op, key, value: string(o, "value", "a put's input"), version: integer(o, "version", "a put's input") };
}

/** Reads a {@link KvOutput} from a JSON value; a get's output needs its value and version. */
export function readKvOutput(value: unknown, input: KvInput): KvOutput {
  const o = object(value, "output");
  const err = oneOf(o, "err", ERRS, "output");
  if (input.op === "put") return { err };
  return { value: string(o, "value", "a get's output"), version: integer(o, "version", "a get's output"), err };
}
