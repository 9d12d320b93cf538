import { numberFlagsCheck } from "./number-flags.js";
import { repeatedFlagsCheck } from "./repeated-flags.js";
import { textFlagsCheck } from "./text-flags.js";

/** What yargs tells a check about the options a command declared. */
type DeclaredOptions = Parameters<ReturnType<typeof repeatedFlagsCheck>>[1] & Parameters<ReturnType<typeof numberFlagsCheck>>[1] & Parameters<ReturnType<typeof textFlagsCheck>>[1];

/**
 * Every check of what was typed for a program's options, run before the program's own: an option
 * of one value given twice, a number that is not one, a text option given nothing. One check for
 * every kvlab program, so none of them leaves one out; the first problem found is the message.
 */
export function flagChecks(args: readonly string[]): (argv: unknown, options: DeclaredOptions) => string | true {
  const checks = [repeatedFlagsCheck(args), numberFlagsCheck(args), textFlagsCheck(args)];
  return (argv, options) => {
    for (const check of checks) {
      const verdict = check(argv, options);
      if (verdict !== true) return verdict;
    }
    return true;
  };
}
