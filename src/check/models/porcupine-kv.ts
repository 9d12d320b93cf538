import type { Model } from "../model.js";
import { AppendEvidence } from "./append-evidence.js";
import { stateHash } from "../model.js";
import { object, oneOf, string } from "./shape.js";

/**
 * A call of Porcupine's key/value test service: get, put or append on one key.
 *
 * @example
 * const append: AppendKvInput = { op: "append", key: "0", value: "x 9 0 y" };
 */
export interface AppendKvInput {
  op: "get" | "put" | "append";
  key: string;
  /** The value put or appended; absent for get. */
  value?: string;
}
/**
 * A get's reply; empty for put and append.
 *
 * @example
 * const reply: AppendKvOutput = { value: "x 9 0 y" };
 */
export interface AppendKvOutput {
  value?: string;
}

/**
 * One key's string, with its FNV-1a hash kept up to date as values are appended (the hash of a
 * concatenation continues from the hash of its prefix), so a step never rereads the whole string.
 *
 * @example
 * appendKvModel.init(); // { value: "", hash: stateHash("") }
 */
export interface AppendKvState {
  value: string;
  hash: number;
}

const EMPTY: AppendKvState = { value: "", hash: stateHash("") };

/**
 * The key/value service of Porcupine's kv test histories: each key holds a string (initially
 * empty); put replaces it, append extends it, get must return it. One partition per key.
 *
 * @example
 * const ab = appendKvModel.step(appendKvModel.init(), { op: "put", key: "k", value: "ab" }, {})!;
 * appendKvModel.step(ab, { op: "append", key: "k", value: "c" }, {})!.value; // "abc"
 */
export const appendKvModel: Model<AppendKvState, AppendKvInput, AppendKvOutput> = {
  init: () => EMPTY,
  step(state, input, output) {
    if (input.op === "get") return output === undefined || output.value === state.value ? state : undefined;
    const value = input.value ?? "";
    if (input.op === "put") return { value, hash: stateHash(value) };
    return { value: state.value + value, hash: stateHash(value, state.hash) };
  },
  equal: (a, b) => a.hash === b.hash && a.value === b.value,
  hash: (s) => s.hash,
  partition: (op) => op.input.key,
  readOnly: (input) => input.op === "get",
  evidence: (ops) => new AppendEvidence(ops),
  describeOperation(input, output) {
    if (input.op === "get") return `get(${JSON.stringify(input.key)}) -> ${output === undefined ? "?" : JSON.stringify(output.value ?? "")}`;
    return `${input.op}(${JSON.stringify(input.key)}, ${JSON.stringify(input.value ?? "")})${output === undefined ? " -> ?" : ""}`;
  },
  describeState: (s) => JSON.stringify(s.value),
};

/** Reads an {@link AppendKvInput} from a JSON value. */
export function readAppendKvInput(value: unknown): AppendKvInput {
  const o = object(value, "input");
  const op = oneOf(o, "op", ["get", "put", "append"] as const, "input");
  const key = string(o, "key", "input");
  return op === "get" ? { op, key } : { op, key, value: string(o, "value", `an ${op}'s input`) };
}

/** Reads an {@link AppendKvOutput} from a JSON value; a get's output needs its value. */
export function readAppendKvOutput(value: unknown, input: AppendKvInput): AppendKvOutput {
  const o = object(value, "output");
  return input.op === "get" ? { value: string(o, "value", "a get's output") } : {};
}
