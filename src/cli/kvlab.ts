import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { commands } from "./commands/index.js";
import { USAGE_EXIT } from "./exit-codes.js";

/** The `kvlab` command line: one yargs command module per subcommand in ./commands. */
const cli = yargs(hideBin(process.argv))
  .scriptName("kvlab")
  .strict()
  .demandCommand(1, "Name a command: see kvlab --help")
  .recommendCommands()
  .help()
  .fail((message, error) => {
    // A usage error is one line on stderr and exit status 3, never a stack trace.
    if (error) throw error;
    process.stderr.write(`kvlab: ${message}\n`);
    process.exit(USAGE_EXIT);
  });
for (const command of commands) cli.command(command);
await cli.parseAsync();
