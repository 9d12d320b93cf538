import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { commands } from "./commands/index.js";
import { crashOnUncaught, usageFailure } from "./exit-codes.js";
import { numberFlagsCheck } from "./number-flags.js";

/** The `kvlab` command line: one yargs command module per subcommand in ./commands. */
const args = hideBin(process.argv);
const cli = yargs(args)
  .scriptName("kvlab")
  .strict()
  .demandCommand(1, "Name a command: see kvlab --help")
  .recommendCommands()
  .help()
  // Unwrapped: a wrapped help splits long example paths across lines, so they cannot be copied.
  .wrap(null)
  .check(numberFlagsCheck(args), true)
  .fail(usageFailure("kvlab"));
for (const command of commands) cli.command(command);
crashOnUncaught("kvlab");
await cli.parseAsync();
