// Every file an example in a command's --help names exists in the repository, so each example
// can be run as printed from a clone.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kvlab, repo } from "../support/run-cli.js";

/**
 * The words of the help's Examples section that name files: a path with a slash or a file name
 * with an extension; not a shard (1/3) nor an address (127.0.0.1:4000).
 */
function examplePaths(help: string): string[] {
  const examples = help.split("\nExamples:\n")[1] ?? "";
  const commands = examples.split("\n").map((line) => line.trim().split(/\s{2,}/)[0]!);
  return commands
    .flatMap((command) => command.split(/\s+/))
    .filter((word) => !word.startsWith("-") && (word.includes("/") || /\.[a-z]+$/.test(word)))
    .filter((word) => !/^\d+\/\d+$/.test(word) && !/^[\d.]+:\d+$/.test(word));
}

describe("the examples of each command's --help", () => {
  it("are read word by word, and shards and addresses are not files", () => {
    const help = "kvlab x\n\nExamples:\n  kvlab test --impl a/b.ts --shard 1/3  a line\n  kvlab test --target 127.0.0.1:4000 c.json  another\n";
    expect(examplePaths(help)).toEqual(["a/b.ts", "c.json"]);
  });

  // init's examples name a folder it makes and a tarball `npm pack` makes, neither of which exists before.
  for (const command of ["test", "replay", "fuzz", "check"]) {
    it(`kvlab ${command} --help: every file an example names exists`, async () => {
      const run = await kvlab(command, "--help");
      expect(run.status).toBe(0);
      const paths = examplePaths(run.stdout);
      expect(paths.length).toBeGreaterThan(0);
      expect(paths.filter((path) => !existsSync(join(repo, path)))).toEqual([]);
    });
  }
});
