import { flag, typedValues } from "./number-flags.js";

/**
 * yargs gathers an option given twice (`--impl a.ts --impl b.ts`) into an array, which a command
 * that takes one value then passes on as a path or a name: kvlab test, init and kvs-server ended
 * with Node's `The "path" argument must be of type string` (as an internal error, or exit 1), and
 * `--lab kv --lab raft` looked up a lab named "kv,raft". This check, run before every command's
 * own, refuses an option of one value given more than once, naming it and what it was given.
 * Options that take several values (--suite, --test) and flags (--json) may repeat.
 */
export function repeatedFlagsCheck(args: readonly string[]): (argv: unknown, options: { key?: Record<string, unknown>; array?: string[]; boolean?: string[] }) => string | true {
  return (_argv, options) => {
    for (const name of Object.keys(options.key ?? {})) {
      if (options.array?.includes(name) || options.boolean?.includes(name)) continue;
      // What was typed, not what yargs made of it: `--runs 1 --runs 1` reached fuzz as 2 runs.
      const typed = typedValues(args, name);
      if (typed.length > 1) return `${flag(name)} was given ${typed.length} times (${typed.map((text) => (text === undefined ? "nothing" : JSON.stringify(text))).join(", ")}): give it once`;
    }
    return true;
  };
}
