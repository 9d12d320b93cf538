import { describe, expect, it } from "vitest";
import { flagChecks } from "../../src/cli/flag-checks.js";

/** Options as yargs tells a check about them: `impl` and `addr` take text, `seed` a number, `json` is a flag. */
const declared = { key: { impl: true, seed: true, addr: true, json: true }, string: ["impl", "addr"], number: ["seed"], boolean: ["json"] };

describe("flagChecks: every check of what was typed, in one", () => {
  it.each([
    [["--impl", "a.ts", "--impl", "b.ts"], '--impl was given 2 times ("a.ts", "b.ts"): give it once'],
    [["--seed", "abc"], '--seed must be a number, got "abc"'],
    [["--addr", "--json"], "--addr needs a value"],
  ])("refuses %j: %s", (args, message) => {
    expect(flagChecks(args)({}, declared)).toBe(message);
  });

  it("passes what each check passes, and names the repeated option first when several are wrong", () => {
    expect(flagChecks(["--impl", "a.ts", "--seed", "3", "--json", "--json"])({}, declared)).toBe(true);
    expect(flagChecks(["--seed", "x", "--seed", "y", "--addr"])({}, declared)).toMatch(/^--seed was given 2 times/);
  });
});
