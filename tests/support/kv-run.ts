import type { Run, RunOptions } from "../../src/harness/index.js";
import { kvLab, type KVImplementation, type KvTestDefinition } from "../../src/labs/kv/index.js";

/** A run of the KV lab: `impl` on `definition` at `seed`, as the harness takes it. */
export function kvRun(impl: KVImplementation, definition: KvTestDefinition, seed: number, options: RunOptions = {}): Run {
  return { lab: kvLab, impl, definition, seed, options };
}
