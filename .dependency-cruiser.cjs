/**
 * The import rules of DESIGN.md's "Layers", checked by dependency-cruiser: `npm run lint:deps` for a
 * person; tests/layers-tree.test.ts checks this repository with them, and tests/layers.test.ts proves
 * each rule on a tree with one deliberate violation of it. Paths are relative to the project's root.
 *
 * Parser: swc. TypeScript 7's `typescript` package has no JavaScript compiler API (dependency-cruiser
 * supports typescript >=2 <7 only), and the default acorn parser reads JavaScript, not .ts. swc parses
 * the TypeScript source itself, so type-only imports (`import type`, `export type ... from`) are seen
 * and count like any other import: DESIGN.md says "no import cycles" and names no exception for types,
 * and a layer that names another's types depends on it all the same.
 */

/** A module's one public face: other modules import this file, not the files behind it. */
const FACE = "index\\.ts$";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "labnet-imports-no-src",
      comment:
        "The simulator is the floor every lab stands on: it knows nothing of KV, Raft, the harness or the checker, so a new lab never has to change it.",
      severity: "error",
      from: { path: "^labnet/" },
      to: { path: "^src/" },
    },
    {
      name: "check-is-pure",
      comment:
        "The checker takes a history and a model and nothing else, so it also checks histories recorded against a real server or by another tool; it knows no simulator, harness, lab, server or CLI.",
      severity: "error",
      from: { path: "^src/check/" },
      to: { path: "^(labnet/|src/(harness|labs|real|cli)/)" },
    },
    {
      name: "harness-knows-no-lab",
      comment:
        "The harness runs any lab through the Lab interface of src/harness/lab.ts; naming one lab's types would make the next lab copy or fork it. The CLI sits above it.",
      severity: "error",
      from: { path: "^src/harness/" },
      to: { path: "^src/(labs|cli)/" },
    },
    {
      name: "real-not-harness",
      comment:
        "The TCP server is a product of its own: the harness may drive it through its client, never the other way round. It may use the KV lab's contract types (through the lab's face).",
      severity: "error",
      from: { path: "^src/real/" },
      to: { path: "^src/(harness|cli)/" },
    },
    {
      name: "lab-not-cli",
      comment: "A lab is a plug-in the CLI loads; it never depends on the commands that load it.",
      severity: "error",
      from: { path: "^src/labs/" },
      to: { path: "^src/cli/" },
    },
    {
      name: "lab-uses-other-lab-face",
      comment:
        "A lab built on another (the replicated KV on Raft) uses what that lab offers through its index.ts, so each lab can change its insides alone.",
      severity: "error",
      from: { path: "^src/labs/([^/]+)/" },
      to: { path: "^src/labs/[^/]+/", pathNot: ["^src/labs/$1/", `^src/labs/[^/]+/${FACE}`] },
    },
    {
      name: "no-cycles",
      comment:
        "DESIGN.md: no import cycles. A cycle makes modules that cannot be understood, tested or loaded one at a time; type-only imports count too (see the header).",
      severity: "error",
      from: { path: "^(src|labnet)/" },
      to: { circular: true },
    },
    {
      name: "labnet-face",
      comment:
        "Other modules use the simulator through labnet/index.ts or one of its parts' faces (labnet/<part>/index.ts: diagnostics), so its insides can move freely. A part has a face of its own so that an importer loads only that part: the crash handler words a thrown value without loading the simulator (and seedrandom).",
      severity: "error",
      from: { pathNot: "^labnet/" },
      to: { path: "^labnet/", pathNot: [`^labnet/${FACE}`, `^labnet/[^/]+/${FACE}`] },
    },
    {
      name: "check-face",
      comment:
        "Other modules use the checker through src/check/index.ts or one of its parts' faces (src/check/<part>/index.ts: search, formats, models, explain, view), so its insides can move freely. A part has a face of its own so that a command loads only the part it uses: `kvlab check` starts without the explanation or the run viewer (tests/cli/lazy-loading.test.ts).",
      severity: "error",
      from: { pathNot: "^src/check/" },
      to: { path: "^src/check/", pathNot: [`^src/check/${FACE}`, `^src/check/[^/]+/${FACE}`] },
    },
    {
      name: "harness-face",
      comment:
        "Other modules and the CLI use the harness through src/harness/index.ts or one of its parts' faces (src/harness/<part>/index.ts, e.g. command-line and vitest), so its insides can move freely. A part has a face of its own so that a command loads only the part it uses: every command line needs the command-line part before any run, without the simulator (tests/cli/lazy-loading.test.ts).",
      severity: "error",
      from: { pathNot: "^src/harness/" },
      to: { path: "^src/harness/", pathNot: [`^src/harness/${FACE}`, `^src/harness/[^/]+/${FACE}`] },
    },
    {
      name: "real-face",
      comment:
        "Other modules use the TCP service through src/real/index.ts or one of its parts' faces (src/real/<part>/index.ts: client, server, protocol, engine, pair, errors).",
      severity: "error",
      from: { pathNot: "^src/real/" },
      to: { path: "^src/real/", pathNot: [`^src/real/${FACE}`, `^src/real/[^/]+/${FACE}`] },
    },
    {
      name: "lab-face",
      comment:
        "Whatever is not a lab (the harness's registration, the CLI, src/index.ts) uses a lab through src/labs/<lab>/index.ts; labs among themselves: lab-uses-other-lab-face.",
      severity: "error",
      from: { pathNot: "^src/labs/" },
      to: { path: "^src/labs/[^/]+/", pathNot: `^src/labs/[^/]+/${FACE}` },
    },
  ],
  options: {
    // Only the project's modules: packages are not followed, and tests/ and bench/ stay out (they may
    // reach behind a face to test a part, and nothing imports them).
    includeOnly: "^(src|labnet)/",
    doNotFollow: { path: "node_modules" },
    parser: "swc",
    moduleSystems: ["es6", "cjs"],
  },
};
