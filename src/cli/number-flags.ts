/**
 * yargs turns a numeric option's text that is not a number into NaN (and an empty one into 0,
 * and a flag given no value into its default), so a command's own checks can only say "got NaN"
 * or run with a number nobody typed. This check, run before every command's own, reads what was
 * typed for each numeric option and refuses anything that is not a number, naming the flag and
 * the text: `--seed must be a number, got "abc"`.
 */
export function numberFlagsCheck(args: readonly string[]): (argv: unknown, options: { number?: string[] }) => string | true {
  return (_argv, options) => {
    for (const name of options.number ?? []) {
      for (const typed of typedValues(args, name)) {
        if (typed === undefined) return `${flag(name)} must be a number, got nothing`;
        if (typed.trim() === "" || Number.isNaN(Number(typed))) return `${flag(name)} must be a number, got ${JSON.stringify(typed)}`;
      }
    }
    return true;
  };
}

/** `--name` (a one-letter alias: `-n`). */
export function flag(name: string): string {
  return name.length === 1 ? `-${name}` : `--${name}`;
}

/**
 * Each text given to option `name` in `args`, as `--name TEXT` or `--name=TEXT`; undefined where
 * the flag is followed by nothing or by another flag (a negative number is a value, not a flag).
 */
export function typedValues(args: readonly string[], name: string): (string | undefined)[] {
  const values: (string | undefined)[] = [];
  const end = args.indexOf("--");
  const given = end === -1 ? args : args.slice(0, end);
  for (const [index, arg] of given.entries()) {
    if (arg.startsWith(`${flag(name)}=`)) values.push(arg.slice(flag(name).length + 1));
    else if (arg === flag(name)) {
      const next = given[index + 1];
      values.push(next === undefined || (next.startsWith("-") && Number.isNaN(Number(next))) ? undefined : next);
    }
  }
  return values;
}
