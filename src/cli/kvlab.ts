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
  .fail((message, error: unknown) => {
    // A usage error (yargs' own, or a string a command's check returned) is one line on stderr and
    // exit status 3, never a stack trace. A real Error from a command is a bug: let it surface.
    if (error instanceof Error) throw error;
    process.stderr.write(`kvlab: ${message ?? String(error)}\n`);
    process.exit(USAGE_EXIT);
  });
for (const command of commands) cli.command(command);
await cli.parseAsync();
