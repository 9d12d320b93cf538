import type { Model } from "../model.js";
import { stateHash } from "../model.js";
import { WriteEvidence } from "./write-evidence.js";
import { type ExactInteger, naturalField } from "./exact-integer.js";
import { type Json, ShapeError, object, oneOf } from "./shape.js";

/**
 * A call on the register of Jepsen's etcd test: read, write a value, or compare-and-set. Values
 * are integers of any size, compared exactly (see {@link ExactInteger}).
 *
 * @example
 * const cas: CasInput = { op: "cas", from: 2, to: 4 }; // Jepsen's `:cas [2 4]`
 * const big: CasInput = { op: "write", value: "9007199254740993" };
 */
export type CasInput = { op: "read" } | { op: "write"; value: ExactInteger } | { op: "cas"; from: ExactInteger; to: ExactInteger };
/**
 * A reply: a read's value (null when the register was never written), whether a cas swapped
 * (`ok`), or `failed` for a read that definitely did not happen (Jepsen's `:fail :read`).
 *
 * @example
 * const swapped: CasOutput = { ok: true };
 * const neverWritten: CasOutput = { value: null };
 */
export interface CasOutput {
  value?: ExactInteger | null;
  ok?: boolean;
  failed?: boolean;
}

/**
 * The compare-and-set register of Jepsen's etcd test, holding an integer or null (never written).
 * A read returns the value; a write sets it; a cas sets `to` if the value is `from` and says so
 * (`ok: true`) or fails (`ok: false`) and changes nothing. An operation Jepsen logged as `:info`
 * has an unknown outcome (no output).
 *
 * @example
 * casRegisterModel.step(3, { op: "cas", from: 3, to: 4 }, { ok: true }); // 4
 */
export const casRegisterModel: Model<ExactInteger | null, CasInput, CasOutput> = {
  init: () => null,
  step(state, input, output) {
    switch (input.op) {
      case "read":
        return output === undefined || output.failed === true || output.value === state ? state : undefined;
      case "write":
        return input.value;
      case "cas": {
        const swaps = state === input.from;
        if (output !== undefined && output.ok !== swaps) return undefined;
        return swaps ? input.to : state;
      }
    }
  },
  equal: (a, b) => a === b,
  hash: (s) => (s === null ? -1 : typeof s === "string" ? stateHash(s) : s | 0),
  readOnly: (input, output) => input.op === "read" || (input.op === "cas" && output?.ok === false),
  evidence: (ops) =>
    new WriteEvidence(ops, {
      shown: (input, output) => (input.op === "read" && output.failed !== true ? { value: output.value ?? null } : undefined),
      sets: (input, output) => (input.op === "write" ? { value: input.value } : input.op === "cas" && output?.ok !== false ? { value: input.to } : undefined),
    }),
  describeOperation(input, output) {
    const call = input.op === "read" ? "read()" : input.op === "write" ? `write(${input.value})` : `cas(${input.from}, ${input.to})`;
    if (output === undefined) return `${call} -> ?`;
    if (input.op === "read") return `${call} -> ${output.failed ? "failed" : String(output.value ?? null)}`;
    return input.op === "write" ? call : `${call} -> ${output.ok ? "ok" : "fail"}`;
  },
  describeState: (s) => String(s),
};

/** Reads a {@link CasInput} from a JSON value. */
export function readCasInput(value: unknown): CasInput {
  const o = object(value, "input");
  const op = oneOf(o, "op", ["read", "write", "cas"] as const, "input");
  if (op === "read") return { op };
  if (op === "write") return { op, value: naturalField(o, "value", "a write's input") };
  return { op, from: naturalField(o, "from", "a cas's input"), to: naturalField(o, "to", "a cas's input") };
}

/** Reads a {@link CasOutput} from a JSON value. */
export function readCasOutput(value: unknown, input: CasInput): CasOutput {
  const o: Json = object(value, "output");
  if (input.op === "read") {
    if (o.failed === true) return { failed: true };
    if (o.value === null) return { value: null };
    return { value: naturalField(o, "value", "a read's output") };
  }
  if (input.op === "write") return {};
  if (typeof o.ok !== "boolean") throw new ShapeError('expected a cas\'s output to have a boolean "ok"');
  return { ok: o.ok };
}
