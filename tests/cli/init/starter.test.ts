import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { starterFiles, starters } from "../../../src/cli/init/starter.js";
import { labNames } from "../../../src/labs/index.js";
import { repo } from "../../support/run-cli.js";

const kvlab = { root: repo, manifest: { name: "kvlab" as const, version: "9.9.9", devDependencies: { typescript: "^7", vitest: "^4" } } };

describe("the starting folders of kvlab init", () => {
  it("every lab --lab offers has one, from a file kvlab ships (examples/ is in the package's files)", () => {
    for (const lab of labNames) {
      expect(starters[lab], lab).toBeDefined();
      expect(starters[lab]!.example).toMatch(/^examples\//);
      expect(existsSync(join(repo, starters[lab]!.example)), starters[lab]!.example).toBe(true);
    }
  });

  it("the Raft lab's: the skeleton as my-raft.ts, tested by kvlab test itself, with TypeScript and vitest (for the student's own test files and fuzz regressions)", () => {
    const files = starterFiles("/tmp/x/My Raft", kvlab, "^9.9.9", "raft");
    expect(files.map(([name]) => name)).toEqual(["package.json", "tsconfig.json", "my-raft.ts"]);
    expect(JSON.parse(files[0]![1])).toEqual({
      name: "my-raft",
      version: "0.1.0",
      private: true,
      type: "module",
      scripts: { test: "kvlab test --lab raft --impl ./my-raft.ts", typecheck: "tsc --noEmit" },
      devDependencies: { kvlab: "^9.9.9", typescript: "^7", vitest: "^4" },
    });
    expect(files[2]![1]).toMatch(/^\/\/ Your Raft: the course's raft1\/raft\.go, in TypeScript\./);
  });

  it("the replicated KV lab's: the skeleton as my-kvraft.ts, tested by kvlab test itself over the reference Raft, with TypeScript and vitest", () => {
    const files = starterFiles("/tmp/x/kvraft", kvlab, "^9.9.9", "kvraft");
    expect(files.map(([name]) => name)).toEqual(["package.json", "tsconfig.json", "my-kvraft.ts"]);
    expect(JSON.parse(files[0]![1])).toMatchObject({
      name: "kvraft",
      scripts: { test: "kvlab test --lab kvraft --impl ./my-kvraft.ts", typecheck: "tsc --noEmit" },
      devDependencies: { kvlab: "^9.9.9", typescript: "^7", vitest: "^4" },
    });
    expect(files[2]![1]).toMatch(/^\/\/ Your replicated KV service: the course's kvraft1 \(rsm\/rsm\.go, server\.go, client\.go\), in/);
  });

  it("a folder whose name leaves npm nothing is named after its lab", () => {
    expect(JSON.parse(starterFiles("/tmp/x/__", kvlab, "^9.9.9", "raft")[0]![1]).name).toBe("raft-lab");
    expect(JSON.parse(starterFiles("/tmp/x/__", kvlab, "^9.9.9", "kv")[0]![1]).name).toBe("kv-lab");
  });

  it("a lab without a starting folder is kvlab's own error, not a user's", () => {
    expect(() => starterFiles("/tmp/x", kvlab, "^9.9.9", "nope")).toThrow("no starting folder for the nope lab");
  });
});
