// Every text option of every kvlab command refuses being given nothing, in one line that names
// the flag, before the command reads "" as a path or an address. The options are found from the
// commands themselves, so a text option added later is covered without touching this test.
import yargs, { type CommandModule } from "yargs";
import { describe, expect, it } from "vitest";
import { commands } from "../../src/cli/commands/index.js";
import { textFlagsCheck } from "../../src/cli/text-flags.js";
import { refusal } from "../support/cli-refusal.js";
import { kvlab } from "../support/run-cli.js";

/** Each command's name, a stand-in for its required positionals, and its text options. */
const texts = commands.map((command: CommandModule) => {
  const parser = yargs([]);
  (command.builder as (y: typeof parser) => unknown)(parser);
  const [name, ...positionals] = String(command.command).split(" ");
  const required = positionals.filter((part) => part.startsWith("<")).map(() => "x.json");
  // getOptions is yargs' own record of what a builder declared (public, though not in its types).
  const options = (parser as unknown as { getOptions(): { string: string[]; choices: Record<string, unknown>; alias: Record<string, string[]> } }).getOptions();
  const aliases = Object.values(options.alias).flat();
  // An option of choices (check --model) is refused by yargs itself, naming the choices.
  const named = positionals.map((part) => part.replace(/[<>[\].]/g, ""));
  return { name: name!, required, flags: options.string.filter((flag) => !aliases.includes(flag) && !named.includes(flag) && !(flag in options.choices)) };
});

describe("text options", () => {
  it("are found for every command that has them (test, replay, fuzz, check, init at least)", () => {
    const found = Object.fromEntries(texts.map(({ name, flags }) => [name, flags]));
    expect(found["test"]).toEqual(expect.arrayContaining(["impl", "raft", "shard", "pages", "target"]));
    expect(found["replay"]).toEqual(expect.arrayContaining(["impl", "pages"]));
    expect(found["fuzz"]).toEqual(expect.arrayContaining(["impl", "out"]));
    expect(found["check"]).toEqual(expect.arrayContaining(["html"]));
    expect(found["init"]).toEqual(expect.arrayContaining(["kvlab"]));
  });

  for (const { name, required, flags } of texts) {
    for (const flag of flags) {
      it(`kvlab ${name} --${flag}, given nothing or "", is refused naming the flag`, async () => {
        expect(await refusal([name, ...required, `--${flag}`])).toBe(`--${flag} needs a value`);
        expect(await refusal([name, ...required, `--${flag}=`])).toBe(`--${flag} needs a value, got ""`);
      });
    }
  }

  it("kvlab test --impl as a program: one line on stderr, exit 3, where it said ': not a file'", async () => {
    const run = await kvlab("test", "--impl");
    expect([run.status, run.stderr]).toEqual([3, "kvlab: --impl needs a value\n"]);
  });
});

describe("the check every command runs first", () => {
  const check = (...args: string[]) => textFlagsCheck(args)({}, { string: ["impl"] });

  it("refuses nothing, an empty text and blanks; accepts any other text, a dash-led one too", () => {
    expect(check("--impl", "--json")).toBe("--impl needs a value");
    expect(check("--impl", " ")).toBe('--impl needs a value, got " "');
    expect(check("--impl", "a.ts")).toBe(true);
    expect(check("--impl=-odd.ts")).toBe(true);
    expect(check("--json")).toBe(true);
  });
});
