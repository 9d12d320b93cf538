import type { CommandModule } from "yargs";
import { FORMAT_NAMES } from "../../check/formats/index.js";
import { shippedModels } from "../../check/models/index.js";
import type { CheckArgs } from "./check-args.js";

/**
 * `kvlab check FILE...`: checks each history file for linearizability and prints a verdict line
 * per file (and, for a single file, an explanation); exit status 0 ok, 1 illegal, 2 unknown,
 * 3 bad input or usage, for the worst file.
 */
export const checkCommand: CommandModule<object, CheckArgs> = {
  command: "check <files..>",
  describe: "Check history files for linearizability",
  builder: (yargs) =>
    yargs
      .positional("files", { type: "string", array: true, demandOption: true, describe: "history files" })
      .option("format", { choices: FORMAT_NAMES, default: "auto" as const, describe: "history format (auto: tell from the first line)" })
      .option("model", { type: "string", choices: shippedModels.map((m) => m.name), describe: "model (default: the one the format implies)" })
      .option("budget", { type: "number", describe: "search steps before giving up with unknown (deterministic)" })
      .option("memory", { type: "number", describe: "MiB of explored states the search may hold before giving up with unknown (default 512; counted, so deterministic)" })
      .option("timeout", { type: "number", describe: "seconds before giving up with unknown" })
      .option("json", { type: "boolean", default: false, describe: "print the full results as JSON" })
      .option("html", { type: "string", describe: "write the run viewer page to this file (several files: one page each in this directory)" })
      .example("kvlab check tests/check/fixtures/good/kv-concurrent.jsonl", "check one history: ok, illegal (explained) or unknown")
      .example("kvlab check tests/check/fixtures/good/kv-stale-read.jsonl tests/check/fixtures/good/etcd-nemesis.log", "several histories, one line each") as never,
  // What check does is loaded when it runs (see runCheck): --help and the other commands never load it.
  handler: async (argv) => (await import("./check-handler.js")).runCheck(argv),
};
