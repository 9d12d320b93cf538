import { flag, typedValues } from "./number-flags.js";

/**
 * yargs gives a text option typed with no value (`--impl` at the end, or before another flag) an
 * empty string, which a command then reads as a path or an address named "": `--impl` said
 * `: not a file`, `--html` `cannot write --html  (ENOENT)`. This check, run before every command's
 * own, refuses a text option given nothing or only blanks, naming the flag.
 */
export function textFlagsCheck(args: readonly string[]): (argv: unknown, options: { string?: string[] }) => string | true {
  return (_argv, options) => {
    for (const name of options.string ?? []) {
      for (const typed of typedValues(args, name)) {
        if (typed === undefined || typed.trim() === "") return `${flag(name)} needs a value${typed === undefined ? "" : `, got ${JSON.stringify(typed)}`}`;
      }
    }
    return true;
  };
}
