import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { commands } from "./commands/index.js";
import { usageFailure } from "./exit-codes.js";

/** The `kvlab` command line: one yargs command module per subcommand in ./commands. */
const cli = yargs(hideBin(process.argv))
  .scriptName("kvlab")
  .strict()
  .demandCommand(1, "Name a command: see kvlab --help")
  .recommendCommands()
  .help()
  .fail(usageFailure("kvlab"));
for (const command of commands) cli.command(command);
await cli.parseAsync();
