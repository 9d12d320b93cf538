import type { Model } from "../model.js";
import { hashString } from "../model.js";
import { object, oneOf, string } from "./shape.js";

/** A call of Porcupine's key/value test service: get, put or append on one key. */
export interface AppendKvInput {
  op: "get" | "put" | "append";
  key: string;
  /** The value put or appended; absent for get. */
  value?: string;
}
/** A get's reply; empty for put and append. */
export interface AppendKvOutput {
  value?: string;
}

/**
 * The key/value service of Porcupine's kv test histories: each key holds a string (initially
 * empty); put replaces it, append extends it, get must return it. One partition per key.
 *
 * @example
 * appendKvModel.step("ab", { op: "append", key: "k", value: "c" }, {}); // "abc"
 */
export const appendKvModel: Model<string, AppendKvInput, AppendKvOutput> = {
  init: () => "",
  step(state, input, output) {
    if (input.op === "get") return output === undefined || output.value === state ? state : undefined;
    return input.op === "put" ? (input.value ?? "") : state + (input.value ?? "");
  },
  equal: (a, b) => a === b,
  hash: (s) => hashString(s),
  partition: (op) => op.input.key,
  readOnly: (input) => input.op === "get",
  describeOperation(input, output) {
    if (input.op === "get") return `get(${JSON.stringify(input.key)}) -> ${output === undefined ? "?" : JSON.stringify(output.value ?? "")}`;
    return `${input.op}(${JSON.stringify(input.key)}, ${JSON.stringify(input.value ?? "")})${output === undefined ? " -> ?" : ""}`;
  },
  describeState: (s) => JSON.stringify(s),
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
