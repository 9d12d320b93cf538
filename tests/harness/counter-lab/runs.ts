// Runs of the counter lab as tests build them: a test by name, on an implementation, at a seed.
import { allTestsOf, type Lab, type Run, type RunOptions, type TestDefinition } from "../../../src/harness/index.js";
import type { CounterImplementation } from "./contract.js";
import { counterLab } from "./lab.js";

/** The counter lab as the harness takes any lab. */
export const lab = counterLab as unknown as Lab;

/** The counter lab's test named `name`. */
export function counterTest(name: string): TestDefinition {
  const test = allTestsOf(lab).find((definition) => definition.name === name);
  if (!test) throw new Error(`the counter lab has no test ${name}`);
  return test;
}

/** A run of the counter lab's test `name` (on the reference, at seed 1, unless told). */
export function counterRun(name: string, { impl = counterLab.reference, seed = 1, options = {} }: { impl?: CounterImplementation; seed?: number; options?: RunOptions } = {}): Run {
  return { lab, impl, definition: counterTest(name), seed, options };
}
