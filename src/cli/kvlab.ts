import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { commands } from "./commands/index.js";
import { crash, usageFailure } from "./exit-codes.js";
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
// An error no command caught, even one thrown outside a command's own chain of promises, ends the
// program with one line and its own status (see crash), never a stack trace and never a verdict.
process.on("uncaughtException", (error) => crash("kvlab", error));
process.on("unhandledRejection", (error) => crash("kvlab", error));
await cli.parseAsync();
