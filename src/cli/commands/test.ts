import type { CommandModule } from "yargs";
import { DEFAULT_LAB, LINEARIZABILITY_STEPS, resolveShard, RUN_PAGES } from "../../harness/command-line/index.js";
import { labNames, labs } from "../../labs/index.js";
import { withPartOptions } from "./part-options.js";
import type { TestArgs } from "./test-args.js";

/** Every suite name of every lab, and "all": what --suite accepts before the lab is known. */
const suiteChoices = [...new Set(Object.values(labs).flatMap((lab) => lab.suites)), "all"];

export const testCommand: CommandModule<object, TestArgs> = {
  command: "test",
  describe: "Run the lab's suites against an implementation (the reference one by default)",
  builder: (yargs) =>
    withPartOptions(
      yargs
        .option("lab", { choices: labNames, default: DEFAULT_LAB, describe: "which lab's suites to run" })
        .option("impl", { type: "string", describe: "a .ts, .mts, .cts, .js, .mjs or .cjs module whose default export is the lab's implementation (for kv, a KVImplementation; for raft, a RaftImplementation; for kvraft, a KVRaftImplementation)" }),
    )
      .option("suite", { choices: suiteChoices, array: true, default: ["all"], describe: "which suite(s) to run, e.g. --suite lock rust" })
      .option("test", { type: "string", array: true, describe: "run only the named test(s), e.g. TestUnreliableNet" })
      .option("seed", { type: "number", default: 1, describe: "the first seed" })
      .option("seeds", { type: "number", default: 1, describe: "how many seeds, from --seed on" })
      .option("workers", { type: "number", default: 1, describe: "run on this many worker threads (1: in this process)" })
      .option("shard", { type: "string", describe: "run only shard I of N of the (test, seed) runs, e.g. 2/4 (for a CI matrix), or auto: from the CI runner's or Kubernetes Job's variables (see docs/ci-sweeps.md)" })
      .option("watchdog", { type: "number", default: 60, describe: "with --workers > 1, fail a run that does not yield for this many wall seconds" })
      .option("check-determinism", { type: "boolean", default: false, describe: "run each test twice per seed and report where the two runs differ" })
      .option("explain", { type: "number", default: 3, describe: "explain this many failures in words and write their pages (0: none)" })
      .option("pages", { type: "string", default: RUN_PAGES, describe: "where the pages of explained failures are written" })
      .option("budget", { type: "number", describe: `model steps each linearizability check may take (default ${LINEARIZABILITY_STEPS.toLocaleString("en-US")})` })
      .option("json", { type: "boolean", default: false, describe: "print one JSON array of test runs" })
      .option("list", { type: "boolean", default: false, describe: "list the tests and exit" })
      .option("target", { type: "string", describe: "run the tests that make sense on a real network against the kvs-server at IP:PORT, in real time (clerks from --impl)" })
      .check((args) => {
        // A returned string is a usage error: one line on stderr and exit 3, no stack.
        const other = args.suite.find((suite) => suite !== "all" && !labs[args.lab]!.suites.includes(suite));
        if (other !== undefined) return `--suite ${other} is not a suite of the ${args.lab} lab; its suites are ${labs[args.lab]!.suites.join(", ")}`;
        if (!Number.isSafeInteger(args.seed)) return `--seed must be an integer, got ${args.seed}`;
        if (!Number.isSafeInteger(args.seeds) || args.seeds < 1) return `--seeds must be a whole number ≥ 1, got ${args.seeds}`;
        if (!Number.isSafeInteger(args.workers) || args.workers < 1) return `--workers must be a whole number ≥ 1, got ${args.workers}`;
        if (!(args.watchdog > 0 && Number.isFinite(args.watchdog))) return `--watchdog must be a number of seconds > 0, got ${args.watchdog}`;
        if (!Number.isSafeInteger(args.explain) || args.explain < 0) return `--explain must be a whole number ≥ 0, got ${args.explain}`;
        if (args.budget !== undefined && !(Number.isSafeInteger(args.budget) && args.budget >= 1)) return `--budget must be a whole number ≥ 1, got ${args.budget}`;
        if (args.target !== undefined && (args.seeds > 1 || args.workers > 1 || args.shard !== undefined || args["check-determinism"])) {
          return "--target runs each test once in real time: --seeds, --workers, --shard and --check-determinism do not apply";
        }
        const shard = args.shard === undefined ? undefined : resolveShard(args.shard, process.env);
        return typeof shard === "string" ? shard : true;
      })
      .example("kvlab test", "every suite, reference implementation, seed 1")
      .example("kvlab test --impl examples/kv/my-kv.ts --suite kvsrv --seeds 20", "your code (here the example), 20 seeds")
      .example("kvlab test --impl examples/kv/my-kv.ts --suite lock rust", "two suites")
      .example("kvlab test --impl examples/kv/my-kv.ts --seeds 100 --workers 4 --shard 1/3", "a third of a 100-seed sweep on 4 threads")
      .example("KVLAB_SHARD_INDEX=0 KVLAB_SHARD_COUNT=4 kvlab test --impl examples/kv/my-kv.ts --seeds 10000 --shard auto --json", "the shard a CI job or Kubernetes pod is (here the first of 4), as JSON for kvlab merge")
      .example("kvlab test --impl examples/kv/my-kv.ts --check-determinism", "run everything twice: does your code depend on anything but the seed?")
      .example("kvlab test --impl examples/kv/buggy/clerk-never-errmaybe.ts --test TestUnreliableNet --seed 7", "rerun one failed run exactly, as its printed rerun line does")
      .example("kvlab test --impl examples/kv/my-kv.ts --target 127.0.0.1:4000", "your clerk against a running kvs-server")
      .example("kvlab test --lab raft --impl examples/raft/my-raft.ts --suite 3A", "the Raft lab: the course's 3A election tests on your Raft (here the skeleton)")
      .example("kvlab test --lab raft --seeds 100 --workers 2", "every Raft test on 100 seeds, the reference Raft, on 2 threads")
      .example("kvlab test --lab kvraft --impl examples/kvraft/my-kvraft.ts --suite 4A", "the replicated KV lab: the course's 4A rsm tests on your KV layer (here the skeleton), over the reference Raft")
      .example("kvlab test --lab kvraft --raft examples/raft/my-raft.ts --suite 4B", "the reference KV layer over your Raft (here the Raft lab's skeleton); give both --impl and --raft for your whole service"),
  // What test does is loaded when it runs (see runTests): --help and the other commands never load it.
  handler: async (args) => (await import("./test-handler.js")).runTests(args),
};
