import { kvlabCli } from "../../src/cli/kvlab-cli.js";

/**
 * The usage error kvlab's parser fails `args` with, parsed in-process: the failure handler throws,
 * so that, as the program's exits, it stops the parse before any command runs.
 */
export async function refusal(args: string[]): Promise<string> {
  const cli = kvlabCli(args)
    .exitProcess(false)
    .fail((message, error) => {
      throw new Error(message ?? String(error));
    });
  try {
    // yargs throws a check's failure at once, or rejects when a command is asynchronous.
    await cli.parseAsync();
  } catch (error) {
    return (error as Error).message;
  }
  return "accepted";
}
