import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { facesWithExportStar, layerViolations, missingFaces, repoRoot } from "./support/layers.js";

/**
 * The rules of `.dependency-cruiser.cjs` on a small tree shaped like this repository: every allowed
 * kind of import once, and one deliberate violation of each rule, so a rule that stops reporting
 * (or starts reporting allowed imports) fails here. The real tree is checked by
 * `npm run lint:deps`.
 */

const trees: string[] = [];

/** Writes `files` (path → source) into a new temporary folder and returns it. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "kvlab-layers-"));
  trees.push(root);
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), source);
  }
  return root;
}

afterAll(() => {
  for (const root of trees) rmSync(root, { recursive: true, force: true });
});

/**
 * Imports that DESIGN.md allows: faces, a part's own face (labnet, the checker, the harness and the
 * server have parts a command loads alone), a lab's contract types from the server, a lab on another
 * lab's face.
 */
const allowed: Record<string, string> = {
  "labnet/index.ts": 'export { tick } from "./clock.js";\n',
  "labnet/clock.ts": "export const tick = 1;\n",
  "labnet/diagnostics/index.ts": 'export { thrownText } from "./thrown-text.js";\n',
  "labnet/diagnostics/thrown-text.ts": "export const thrownText = 1;\n",
  "src/check/index.ts": 'export { check } from "./checker.js";\n',
  "src/check/checker.ts": "export const check = 1;\n",
  "src/check/explain/index.ts": 'export { explain } from "./explain.js";\n',
  "src/check/explain/explain.ts": "export const explain = 1;\n",
  "src/harness/index.ts": 'export { sweep } from "./sweep.js";\n',
  "src/harness/sweep.ts":
    'import { tick } from "../../labnet/index.js";\nimport { check } from "../check/index.js";\nexport const sweep = tick + check;\n',
  "src/harness/command-line/index.ts": 'export { parseShard } from "./shard.js";\n',
  "src/harness/command-line/shard.ts": 'import { thrownText } from "../../../labnet/diagnostics/index.js";\nexport const parseShard = thrownText;\n',
  "src/labs/kv/index.ts": 'export type { ClientEnd } from "./contract.js";\n',
  "src/labs/kv/contract.ts": "export interface ClientEnd { call(): void }\n",
  "src/labs/raft/index.ts": 'export { appendEntries } from "./log.js";\n',
  "src/labs/raft/log.ts": 'import { sweep } from "../../harness/index.js";\nexport const appendEntries = sweep;\n',
  "src/labs/kvraft/index.ts": 'import { appendEntries } from "../raft/index.js";\nexport const rsm = appendEntries;\n',
  "src/real/index.ts": 'export { TcpClientEnd } from "./client/index.js";\n',
  "src/real/client/index.ts": 'export { TcpClientEnd } from "./end.js";\n',
  "src/real/client/end.ts":
    'import type { ClientEnd } from "../../labs/kv/index.js";\nexport class TcpClientEnd implements ClientEnd { call(): void {} }\n',
  "src/cli/main.ts": [
    'import { check } from "../check/index.js";',
    'import { sweep } from "../harness/index.js";',
    'import type { ClientEnd } from "../labs/kv/index.js";',
    'import { TcpClientEnd } from "../real/client/index.js";',
    'import { rsm } from "../labs/kvraft/index.js";',
    'import { explain } from "../check/explain/index.js";',
    'import { parseShard } from "../harness/command-line/index.js";',
    'import { thrownText } from "../../labnet/diagnostics/index.js";',
    "export const main = [check, sweep, rsm, TcpClientEnd, explain, parseShard, thrownText] as unknown as ClientEnd;",
    "",
  ].join("\n"),
};

/** One file (or, for the cycle, two) breaking each rule, with what the cruise must report for it. */
const violations: { files: Record<string, string>; reported: string[] }[] = [
  {
    files: { "labnet/uses-checker.ts": 'import { check } from "../src/check/index.js";\nexport const x = check;\n' },
    reported: ["labnet/uses-checker.ts → src/check/index.ts (labnet-imports-no-src)"],
  },
  {
    files: { "src/check/uses-labnet.ts": 'import { tick } from "../../labnet/index.js";\nexport const x = tick;\n' },
    reported: ["src/check/uses-labnet.ts → labnet/index.ts (check-is-pure)"],
  },
  {
    files: { "src/harness/uses-kv.ts": 'import type { ClientEnd } from "../labs/kv/index.js";\nexport type X = ClientEnd;\n' },
    reported: ["src/harness/uses-kv.ts → src/labs/kv/index.ts (harness-knows-no-lab)"],
  },
  {
    files: { "src/real/uses-harness.ts": 'import { sweep } from "../harness/index.js";\nexport const x = sweep;\n' },
    reported: ["src/real/uses-harness.ts → src/harness/index.ts (real-not-harness)"],
  },
  {
    files: { "src/labs/kv/uses-cli.ts": 'import { main } from "../../cli/main.js";\nexport const x = main;\n' },
    reported: ["src/labs/kv/uses-cli.ts → src/cli/main.ts (lab-not-cli)"],
  },
  {
    files: { "src/labs/kvraft/deep.ts": 'import { appendEntries } from "../raft/log.js";\nexport const x = appendEntries;\n' },
    reported: ["src/labs/kvraft/deep.ts → src/labs/raft/log.ts (lab-uses-other-lab-face)"],
  },
  {
    // The cycle is closed by a type-only import: it counts. A cycle is reported once, at its first file.
    files: {
      "src/harness/ring-a.ts": 'import { b } from "./ring-b.js";\nexport type A = number;\nexport const a = b;\n',
      "src/harness/ring-b.ts": 'import type { A } from "./ring-a.js";\nexport const b: A = 1;\n',
    },
    reported: ["src/harness/ring-a.ts → src/harness/ring-b.ts (no-cycles)"],
  },
  {
    files: { "src/harness/deep-labnet.ts": 'import { tick } from "../../labnet/clock.js";\nexport const x = tick;\n' },
    reported: ["src/harness/deep-labnet.ts → labnet/clock.ts (labnet-face)"],
  },
  {
    // A part's face opens that part only: the files behind it stay closed.
    files: { "src/cli/deep-labnet-part.ts": 'import { thrownText } from "../../labnet/diagnostics/thrown-text.js";\nexport const x = thrownText;\n' },
    reported: ["src/cli/deep-labnet-part.ts → labnet/diagnostics/thrown-text.ts (labnet-face)"],
  },
  {
    files: { "src/cli/deep-check.ts": 'import { check } from "../check/checker.js";\nexport const x = check;\n' },
    reported: ["src/cli/deep-check.ts → src/check/checker.ts (check-face)"],
  },
  {
    files: { "src/cli/deep-check-part.ts": 'import { explain } from "../check/explain/explain.js";\nexport const x = explain;\n' },
    reported: ["src/cli/deep-check-part.ts → src/check/explain/explain.ts (check-face)"],
  },
  {
    files: { "src/cli/deep-harness.ts": 'import { sweep } from "../harness/sweep.js";\nexport const x = sweep;\n' },
    reported: ["src/cli/deep-harness.ts → src/harness/sweep.ts (harness-face)"],
  },
  {
    files: { "src/cli/deep-harness-part.ts": 'import { parseShard } from "../harness/command-line/shard.js";\nexport const x = parseShard;\n' },
    reported: ["src/cli/deep-harness-part.ts → src/harness/command-line/shard.ts (harness-face)"],
  },
  {
    files: { "src/cli/deep-real.ts": 'import { TcpClientEnd } from "../real/client/end.js";\nexport const x = TcpClientEnd;\n' },
    reported: ["src/cli/deep-real.ts → src/real/client/end.ts (real-face)"],
  },
  {
    files: { "src/cli/deep-lab.ts": 'import type { ClientEnd } from "../labs/kv/contract.js";\nexport type X = ClientEnd;\n' },
    reported: ["src/cli/deep-lab.ts → src/labs/kv/contract.ts (lab-face)"],
  },
];

describe("the import rules of .dependency-cruiser.cjs", () => {
  it("allow faces, a lab's contract types in the server and a lab built on another lab's face", async () => {
    expect(await layerViolations(tree(allowed))).toEqual([]);
  });

  it("report exactly the one deliberate violation of each rule, and nothing allowed", async () => {
    const files = Object.assign({}, allowed, ...violations.map((v) => v.files));
    const expected = violations.flatMap((v) => v.reported).sort();
    expect(await layerViolations(tree(files))).toEqual(expected);
  });

  it("each rule of the configuration has its deliberate violation above", () => {
    const config = createRequire(import.meta.url)(join(repoRoot, ".dependency-cruiser.cjs")) as { forbidden: { name: string }[] };
    const exercised = new Set(violations.flatMap((v) => v.reported.map((line) => /\(([^)]+)\)$/.exec(line)?.[1])));
    expect(config.forbidden.map((rule) => rule.name).filter((name) => !exercised.has(name))).toEqual([]);
  });
});

describe("module faces", () => {
  it("are found missing, and `export *` (plain or as a namespace) is found in an index.ts", () => {
    const root = tree({
      "labnet/index.ts": 'export { tick } from "./clock.js";\n',
      "src/check/index.ts": '/** Everything:\n * export * from "./x.js" in a comment is no export. */\nexport * from "./checker.js";\n',
      "src/real/index.ts": 'export * as client from "./client/index.js";\n',
      "src/real/client/index.ts": 'export { TcpClientEnd } from "./end.js";\n',
      "src/labs/kv/index.ts": 'export type { ClientEnd } from "./contract.js";\n',
      "src/labs/kv/suites/index.ts": 'export * from "./kvsrv.js";\n',
    });
    expect(missingFaces(root)).toEqual(["src/harness/index.ts"]);
    expect(facesWithExportStar(root)).toEqual(["src/check/index.ts", "src/labs/kv/suites/index.ts", "src/real/index.ts"]);
  });

  it("with every face present and explicit exports, nothing is reported", () => {
    const root = tree(allowed);
    expect(missingFaces(root)).toEqual([]);
    expect(facesWithExportStar(root)).toEqual([]);
  });
});

describe("this repository's faces", () => {
  it("all exist", () => {
    expect(missingFaces(repoRoot)).toEqual([]);
  });

  it("list their exports: no index.ts under src/ or labnet/ re-exports with `export *`", () => {
    expect(facesWithExportStar(repoRoot)).toEqual([]);
  });
});
