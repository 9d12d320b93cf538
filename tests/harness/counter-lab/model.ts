import type { Model } from "../../../src/check/index.js";

export type CounterInput = { op: "increment" } | { op: "get" };
export interface CounterOutput {
  value: number;
}

/** The counter's sequential specification: it starts at 0, an increment answers the value after it, a get the value as it is. */
export const counterModel: Model<number, CounterInput, CounterOutput> = {
  init: () => 0,
  step(state, input, output) {
    const next = input.op === "increment" ? state + 1 : state;
    return output === undefined || output.value === next ? next : undefined;
  },
  equal: (a, b) => a === b,
  hash: (state) => state | 0,
  readOnly: (input) => input.op === "get",
  describeOperation: (input, output) => `${input.op}() -> ${output === undefined ? "?" : output.value}`,
};
