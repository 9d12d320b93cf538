import type { Model } from "../model.js";
import { stateHash } from "../model.js";
import { WriteEvidence } from "./write-evidence.js";
import { NumberLiteral } from "./number-literal.js";
import { type Json, ShapeError, object, oneOf, shortLiteral } from "./shape.js";

/**
 * A register's value: any JSON scalar; null before the first write. A number is one a double
 * holds exactly (its shortest text is the number written), so numbers compare exactly with `===`.
 *
 * @example
 * const v: RegisterValue = "a";
 */
export type RegisterValue = string | number | boolean | null;
/**
 * Read the register, or write a value to it.
 *
 * @example
 * const write: RegisterInput = { op: "write", value: 3 };
 */
export type RegisterInput = { op: "read" } | { op: "write"; value: RegisterValue };
/**
 * A read's value; empty for a write.
 *
 * @example
 * const read: RegisterOutput = { value: 3 };
 */
export interface RegisterOutput {
  value?: RegisterValue;
}

/**
 * A plain read/write register, initially null, with no partitions.
 *
 * @example
 * registerModel.step(null, { op: "write", value: "a" }, {}); // "a"
 * registerModel.step("a", { op: "read" }, { value: "b" });   // undefined: not possible
 */
export const registerModel: Model<RegisterValue, RegisterInput, RegisterOutput> = {
  init: () => null,
  step(state, input, output) {
    if (input.op === "write") return input.value;
    return output === undefined || output.value === state ? state : undefined;
  },
  equal: (a, b) => a === b,
  hash: (s) => stateHash(typeof s + String(s)),
  readOnly: (input) => input.op === "read",
  evidence: (ops) =>
    new WriteEvidence(ops, {
      shown: (input, output) => (input.op === "read" ? { value: output.value ?? null } : undefined),
      sets: (input) => (input.op === "write" ? { value: input.value } : undefined),
    }),
  describeOperation(input, output) {
    if (input.op === "write") return `write(${JSON.stringify(input.value)})${output === undefined ? " -> ?" : ""}`;
    return `read() -> ${output === undefined ? "?" : JSON.stringify(output.value ?? null)}`;
  },
  describeState: (s) => JSON.stringify(s),
};

/** Reads a {@link RegisterInput} from a JSON value. */
export function readRegisterInput(value: unknown): RegisterInput {
  const o = object(value, "input");
  const op = oneOf(o, "op", ["read", "write"] as const, "input");
  return op === "read" ? { op } : { op, value: scalar(o, "a write's input") };
}

/** Reads a {@link RegisterOutput} from a JSON value. */
export function readRegisterOutput(value: unknown, input: RegisterInput): RegisterOutput {
  const o = object(value, "output");
  return input.op === "read" ? { value: scalar(o, "a read's output") } : {};
}

function scalar(o: Json, what: string): RegisterValue {
  const v = o.value;
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  // A double beyond 2^53 may stand for any of several integers (only an in-process caller can pass one).
  if (typeof v === "number" && (Number.isSafeInteger(v) || !Number.isInteger(v))) return v;
  if (v instanceof NumberLiteral || typeof v === "number") {
    const found = v instanceof NumberLiteral ? shortLiteral(v.value) : String(v);
    throw new ShapeError(`expected ${what} to have a "value" that a double holds exactly, found ${found} (beyond 2^53 - 1, or more digits than a double keeps): write it as a string to compare it exactly`);
  }
  throw new ShapeError(`expected ${what} to have a "value" that is a string, number, boolean or null`);
}
