import yargs, { type Argv } from "yargs";
import { commands } from "./commands/index.js";
import { flagChecks } from "./flag-checks.js";

/**
 * The `kvlab` command line for `args`: one yargs command module per subcommand in ./commands,
 * and the checks every command runs first. The program adds how a failure ends it; a test can
 * parse in-process with its own, and see each command's options as the program does.
 */
export function kvlabCli(args: string[]): Argv {
  const cli = yargs(args)
    .scriptName("kvlab")
    .strict()
    .demandCommand(1, "Name a command: see kvlab --help")
    .recommendCommands()
    .help()
    // Unwrapped: a wrapped help splits long example paths across lines, so they cannot be copied.
    .wrap(null)
    .check(flagChecks(args), true);
  for (const command of commands) cli.command(command);
  return cli;
}
