// Every numeric option of every kvlab command refuses text that is not a number, in one line
// that names the flag and the text, with exit status 3. The options are found from the commands
// themselves, so a numeric option added later is covered without touching this test.
import yargs, { type CommandModule } from "yargs";
import { describe, expect, it } from "vitest";
import { commands } from "../../src/cli/commands/index.js";
import { numberFlagsCheck, typedValues } from "../../src/cli/number-flags.js";
import { refusal } from "../support/cli-refusal.js";
import { kvlab } from "../support/run-cli.js";

/** Each command's name, a stand-in for its required positionals, and its numeric options. */
const numeric = commands.map((command: CommandModule) => {
  const parser = yargs([]);
  (command.builder as (y: typeof parser) => unknown)(parser);
  const [name, ...positionals] = String(command.command).split(" ");
  const required = positionals.filter((part) => part.startsWith("<")).map(() => "x.json");
  // getOptions is yargs' own record of what a builder declared (public, though not in its types).
  const options = (parser as unknown as { getOptions(): { number: string[]; alias: Record<string, string[]> } }).getOptions();
  const aliases = Object.values(options.alias).flat();
  return { name: name!, required, flags: options.number.filter((flag) => !aliases.includes(flag)) };
});

describe("numeric options", () => {
  it("are found for every command that has them (test, fuzz, check at least)", () => {
    const found = Object.fromEntries(numeric.map(({ name, flags }) => [name, flags]));
    expect(found["test"]).toEqual(expect.arrayContaining(["seed", "seeds", "workers", "watchdog", "explain", "budget"]));
    expect(found["fuzz"]).toEqual(expect.arrayContaining(["runs", "seed", "clients", "ops"]));
    expect(found["check"]).toEqual(expect.arrayContaining(["budget", "timeout"]));
  });

  // Every flag of every command through kvlab's own parser, in-process: the refusal each gets.
  for (const { name, required, flags } of numeric) {
    for (const flag of flags) {
      it(`kvlab ${name} --${flag} abc is refused naming the flag and the text`, async () => {
        expect(await refusal([name, ...required, `--${flag}`, "abc"])).toBe(`--${flag} must be a number, got "abc"`);
      });
    }
  }

  // The program itself: that refusal is one line on stderr and exit status 3.
  it.each([{ args: ["test", "--seed"] }, { args: ["check", "x.json", "--timeout"] }])("kvlab $args abc, as a program: one line on stderr, exit 3", async ({ args }) => {
    const run = await kvlab(...args, "abc");
    expect([run.status, run.stderr]).toEqual([3, `kvlab: ${args.at(-1)} must be a number, got "abc"\n`]);
  });
});

describe("the check every command runs first", () => {
  const check = (...args: string[]) => numberFlagsCheck(args)({}, { number: ["seed", "s"] });

  it("refuses an empty text, a number with trailing junk and a flag given nothing, as yargs would take them for 0, NaN and the default", () => {
    expect(check("--seed=")).toBe('--seed must be a number, got ""');
    expect(check("--seed", "2x")).toBe('--seed must be a number, got "2x"');
    expect(check("--seed")).toBe("--seed must be a number, got nothing");
    expect(check("--seed", "--json")).toBe("--seed must be a number, got nothing");
    expect(check("-s", "x")).toBe('-s must be a number, got "x"');
  });

  it("accepts what Number reads as a number (range and wholeness are each command's own checks)", () => {
    for (const typed of ["7", "-3", "0x10", "1e3", "2.5", "Infinity"]) expect(check("--seed", typed)).toBe(true);
    expect(check("--seed", "1", "--seed", "x")).toBe('--seed must be a number, got "x"');
  });
});

describe("what was typed for a flag", () => {
  it("reads --flag TEXT and --flag=TEXT, a negative number as a value, another flag or the end as nothing, and stops at --", () => {
    expect(typedValues(["--seed", "7", "--seed=x", "--seeds", "2"], "seed")).toEqual(["7", "x"]);
    expect(typedValues(["--seed", "-3"], "seed")).toEqual(["-3"]);
    expect(typedValues(["--seed", "--json"], "seed")).toEqual([undefined]);
    expect(typedValues(["--seed"], "seed")).toEqual([undefined]);
    expect(typedValues(["--", "--seed", "x"], "seed")).toEqual([]);
  });
});
