import type { CommandModule } from "yargs";
import { DEFAULT_LAB } from "../../harness/command-line/index.js";
import { labNames } from "../../labs/index.js";
import type { FuzzArgs } from "./fuzz-args.js";
import { withPartOptions } from "./part-options.js";

export const fuzzCommand: CommandModule<object, FuzzArgs> = {
  command: "fuzz",
  describe: "Generate scenarios with explicit fault plans, run them, and shrink the first failure",
  builder: (yargs) =>
    withPartOptions(
      yargs
        .option("lab", { choices: labNames, default: DEFAULT_LAB, describe: "which lab's scenarios to generate" })
        .option("impl", { type: "string", describe: "a .ts, .mts, .cts, .js, .mjs or .cjs module whose default export is the lab's implementation (for kv, a KVImplementation; for raft, a RaftImplementation; for kvraft, a KVRaftImplementation)" }),
    )
      .option("runs", { type: "number", default: 1000, describe: "scenarios to generate" })
      .option("seed", { type: "number", default: 1, describe: "the fuzzer's seed: the same seed finds the same failure" })
      .option("out", { type: "string", default: "kvlab-fuzz", describe: "where a shrunk counterexample is written" })
      .option("clients", { type: "number", default: 3, describe: "most clients in a scenario" })
      .option("ops", { type: "number", default: 6, describe: "most operations per client (kv; a Raft client starts commands for as long as its scenario runs)" })
      .check((args) => {
        for (const name of ["runs", "clients", "ops"] as const) {
          if (!Number.isSafeInteger(args[name]) || args[name] < 1) return `--${name} must be a whole number ≥ 1, got ${args[name]}`;
        }
        return Number.isSafeInteger(args.seed) ? true : `--seed must be an integer, got ${args.seed}`;
      })
      .example("kvlab fuzz --impl examples/kv/buggy/server-ignores-version.ts", "1000 scenarios; a failure is shrunk and written to kvlab-fuzz/")
      .example("kvlab fuzz --lab raft --impl examples/raft/my-raft.ts --runs 200", "fault plans against your Raft, its invariants checked at every step")
      .example("kvlab fuzz --lab kvraft --impl examples/kvraft/buggy/reads-locally.ts --raft examples/raft/buggy/backs-up-by-one.ts", "your KV layer over your Raft: a counterexample records both"),
  // What fuzz does is loaded when it runs (see runFuzz): --help and the other commands never load it.
  handler: async (args) => (await import("./fuzz-handler.js")).runFuzz(args),
};
