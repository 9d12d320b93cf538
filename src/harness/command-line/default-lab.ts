/**
 * The lab `kvlab` runs when no `--lab` is given: the default of every command's `--lab`, the lab of
 * a scenario file without a `lab` field, and the one rerun commands leave the flag out for. A
 * module of the command-line part, so that a command's definition names it without loading a lab.
 */
export const DEFAULT_LAB = "kv";
