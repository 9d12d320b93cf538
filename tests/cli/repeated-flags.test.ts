// An option of one value given twice is refused, naming it, for every option of every kvlab
// command: yargs made it an array, which the commands passed on as a path or a name (kvlab test
// --impl a.ts --impl b.ts ended as an internal error). Found from the commands themselves, so an
// option added later is covered without touching this test.
import yargs, { type CommandModule } from "yargs";
import { describe, expect, it } from "vitest";
import { commands } from "../../src/cli/commands/index.js";
import { repeatedFlagsCheck } from "../../src/cli/repeated-flags.js";
import { refusal } from "../support/cli-refusal.js";
import { kvlab } from "../support/run-cli.js";

/** Each command's name, a stand-in for its required positionals, and its options of one value, with a value each takes. */
const single = commands.map((command: CommandModule) => {
  const parser = yargs([]);
  (command.builder as (y: typeof parser) => unknown)(parser);
  const [name, ...positionals] = String(command.command).split(" ");
  const required = positionals.filter((part) => part.startsWith("<")).map(() => "x.json");
  // getOptions is yargs' own record of what a builder declared (public, though not in its types).
  const options = (parser as unknown as { getOptions(): { key: Record<string, unknown>; array: string[]; boolean: string[]; number: string[]; choices: Record<string, string[]>; alias: Record<string, string[]> } }).getOptions();
  const aliases = Object.values(options.alias).flat();
  const named = positionals.map((part) => part.replace(/[<>[\].]/g, ""));
  const flags = Object.keys(options.key).filter((flag) => !["help", "version"].includes(flag) && !aliases.includes(flag) && !named.includes(flag) && !options.array.includes(flag) && !options.boolean.includes(flag));
  const value = (flag: string) => options.choices[flag]?.[0] ?? (options.number.includes(flag) ? "1" : "v");
  return { name: name!, required, flags: flags.map((flag) => ({ flag, value: value(flag) })) };
});

describe("options of one value", () => {
  it("are found for every command (test's --impl, --lab and --seed, check's --html and --format at least)", () => {
    const found = Object.fromEntries(single.map(({ name, flags }) => [name, flags.map(({ flag }) => flag)]));
    expect(found["test"]).toEqual(expect.arrayContaining(["impl", "lab", "seed", "shard", "pages"]));
    expect(found["check"]).toEqual(expect.arrayContaining(["html", "format", "budget"]));
    expect(found["init"]).toEqual(expect.arrayContaining(["kvlab", "lab"]));
  });

  for (const { name, required, flags } of single) {
    for (const { flag, value } of flags) {
      it(`kvlab ${name} --${flag} given twice is refused naming it`, async () => {
        expect(await refusal([name, ...required, `--${flag}`, value, `--${flag}`, value])).toBe(`--${flag} was given 2 times ("${value}", "${value}"): give it once`);
      });
    }
  }

  it("kvlab test --impl a --impl b as a program: one line on stderr, exit 3, where it was an internal error", async () => {
    const run = await kvlab("test", "--impl", "a.ts", "--impl", "b.ts");
    expect([run.status, run.stderr]).toEqual([3, 'kvlab: --impl was given 2 times ("a.ts", "b.ts"): give it once\n']);
  });

  it("lets options of several values and flags repeat", () => {
    const options = { key: { suite: true, json: true, impl: true, runs: true }, array: ["suite"], boolean: ["json"] };
    const check = (...args: string[]) => repeatedFlagsCheck(args)({}, options);
    expect(check("--suite", "lock", "--suite", "rust", "--json", "--json", "--impl", "a.ts")).toBe(true);
    expect(check("--impl", "a.ts", "--impl=b.ts")).toBe('--impl was given 2 times ("a.ts", "b.ts"): give it once');
    // yargs read these as 2 runs.
    expect(check("--runs", "1", "--runs", "1")).toBe('--runs was given 2 times ("1", "1"): give it once');
    expect(check("--impl", "--impl", "a.ts")).toBe('--impl was given 2 times (nothing, "a.ts"): give it once');
  });
});
