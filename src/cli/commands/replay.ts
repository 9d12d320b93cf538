import type { CommandModule } from "yargs";
import { RUN_PAGES } from "../../harness/command-line/index.js";
import type { ReplayArgs } from "./replay-args.js";
import { withPartOptions } from "./part-options.js";

export const replayCommand: CommandModule<object, ReplayArgs> = {
  command: "replay <file>",
  describe: "Run a scenario file and say whether it reproduced what it expects, or, for a regression scenario, whether its failure is fixed",
  builder: (yargs) =>
    withPartOptions(
      yargs
        .positional("file", { type: "string", demandOption: true, describe: "a scenario .json file" })
        .option("impl", { type: "string", describe: "run this implementation instead of the scenario's" }),
    )
      .option("trace", { type: "boolean", default: false, describe: "print the run's trace, one event a line" })
      .option("pages", { type: "string", default: RUN_PAGES, describe: "where a failing run's page is written" })
      .example("kvlab replay scenarios/errmaybe-after-lost-reply.json", "run a scenario: exit 0 when it does what it expects")
      .example("kvlab replay scenarios/regressions/server-ignores-version-seed1.json --impl examples/kv/my-kv.ts --trace", "a counterexample kvlab fuzz found, on fixed code: exit 0 once it no longer fails"),
  // What replay does is loaded when it runs (see runReplay): --help and the other commands never load it.
  handler: async (args) => (await import("./replay-handler.js")).runReplay(args),
};
