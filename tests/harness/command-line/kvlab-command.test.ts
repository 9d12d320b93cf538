import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { kvlabCommand } from "../../../src/harness/command-line/kvlab-command.js";
import { selectTests } from "../../../src/labs/kv/index.js";

/** The words a POSIX shell makes of `line` after its leading `npx kvlab`. */
function shellWords(line: string): string[] {
  const rest = line.replace(/^npx kvlab /, "");
  const out = execFileSync("sh", ["-c", `printf '%s\\0' ${rest}`], { encoding: "utf8" });
  return out.split("\0").slice(0, -1);
}

describe("kvlabCommand", () => {
  it("prints plain words as they are, behind npx so an npm install runs it as printed", () => {
    expect(kvlabCommand(["test", "--impl", "./my-kv.ts", "--test", "TestUnreliableNet", "--seed", 7])).toBe(
      "npx kvlab test --impl ./my-kv.ts --test TestUnreliableNet --seed 7",
    );
    expect(kvlabCommand(["test", "--target", "127.0.0.1:4000", "--budget", 100_000])).toBe("npx kvlab test --target 127.0.0.1:4000 --budget 100000");
  });

  it("quotes a word the shell would split or expand, and the empty word", () => {
    expect(kvlabCommand(["replay", "my runs/a b.json"])).toBe("npx kvlab replay 'my runs/a b.json'");
    expect(kvlabCommand(["test", "--impl", "<your module>"])).toBe("npx kvlab test --impl '<your module>'");
    expect(kvlabCommand(["check", "it's $HOME.jsonl"])).toBe(`npx kvlab check 'it'\\''s $HOME.jsonl'`);
    expect(kvlabCommand(["check", ""])).toBe("npx kvlab check ''");
  });

  it("gives back exactly its words when a shell reads the line", () => {
    const word = fc.string({ unit: "binary", minLength: 0, maxLength: 12 }).filter((w) => !w.includes("\0"));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), (words) => {
        expect(shellWords(kvlabCommand(words))).toEqual(words);
      }),
      { numRuns: 60, seed: 1 },
    );
  });

  it("is what a --test that names nothing points to", () => {
    expect(() => selectTests("all", ["Nope"])).toThrow('no test named "Nope" in suite all; `npx kvlab test --list` shows every test');
  });
});
