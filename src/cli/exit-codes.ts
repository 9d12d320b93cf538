/** Exit status shared by every kvlab command: 0 success, 1 a failed verdict, 2 unknown, 3 bad input or usage. */
export const OK_EXIT = 0;
export const FAILED_EXIT = 1;
export const UNKNOWN_EXIT = 2;
export const USAGE_EXIT = 3;

/**
 * A yargs `.fail` handler for the program `name`: a usage error (yargs' own, or a string a
 * check returned) is one line on stderr and exit status 3, never a stack trace. A real Error from
 * a command is a bug, so it surfaces as one.
 */
export function usageFailure(name: string): (message: string | undefined, error: unknown) => never {
  return (message, error) => {
    if (error instanceof Error) throw error;
    process.stderr.write(`${name}: ${message ?? String(error)}\n`);
    process.exit(USAGE_EXIT);
  };
}
