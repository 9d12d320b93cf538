import type { CommandModule } from "yargs";
import type { MergeArgs } from "./merge-args.js";

export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: "merge <reports..>",
  describe: "Combine the kvlab test --json reports of a sweep's shards into what one unsharded run gives: its failures, totals and exit status",
  builder: (yargs) =>
    yargs
      .positional("reports", { type: "string", array: true, demandOption: true, describe: "the JSON files of kvlab test --shard … --json, one a shard" })
      .option("json", { type: "boolean", default: false, describe: "print the merged JSON array of test runs, in the sweep's order" })
      .example("kvlab merge shard-*.json", "every failure with its rerun line, then 'N passed, N failed'; exit 1 if any failed")
      .example("kvlab merge shard-*.json --json > sweep.json", "one array of the whole sweep's runs, as one unsharded kvlab test --json prints it"),
  // What merge does is loaded when it runs (see runMerge): --help and the other commands never load it.
  handler: async (args) => (await import("./merge-handler.js")).runMerge(args),
};
