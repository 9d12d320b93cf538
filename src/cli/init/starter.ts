import { readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { KvlabManifest } from "../../harness/command-line/index.js";

/** The files `kvlab init` writes, by name within the new folder, in the order it writes them. */
export type StarterFiles = [name: string, content: string][];

/** What a lab's starting folder holds beside package.json and tsconfig.json. */
interface LabStarter {
  /** The student's file, and the one kvlab ships that it is a copy of (its one copy). */
  file: string;
  example: string;
  /** package.json's scripts. */
  scripts: Record<string, string>;
  /** The devDependencies besides kvlab, at the versions kvlab itself is tested with. */
  tools: string[];
  /** Files written after the student's, by name. */
  more: StarterFiles;
}

/** The vitest file: every suite of the lab, seed 1, as vitest tests of my-kv.ts. */
const TEST_FILE = `// The lab's suites as vitest tests of my-kv.ts: \`npm test\` runs them all. To run more seeds or
// some suites: registerSuites(impl, { suite: ["kvsrv", "lock"], seeds: [1, 2, 3], implPath: "./my-kv.ts" }).
// implPath lets a failure print the kvlab command that reruns it.
import { registerSuites } from "kvlab/vitest";
import impl from "./my-kv.js";

registerSuites(impl, { implPath: "./my-kv.ts" });
`;

/**
 * Every lab's starting folder (a test checks that every lab `--lab` offers has one). The KV lab
 * starts from the correct implementation, tested by vitest through kvlab/vitest; the Raft lab and
 * the replicated KV lab from the course's skeletons, which fail every test until the student
 * writes them, tested by `kvlab test` itself (`npm test -- --suite 3A` runs one part; the
 * replicated KV lab's `npm test -- --raft ./my-raft.ts` runs it over the student's own Raft).
 */
export const starters: Readonly<Record<string, LabStarter>> = {
  kv: {
    file: "my-kv.ts",
    example: "examples/kv/my-kv.ts",
    scripts: { test: "vitest run", typecheck: "tsc --noEmit", kvlab: "kvlab test --impl ./my-kv.ts" },
    tools: ["typescript", "vitest"],
    more: [["my-kv.test.ts", TEST_FILE]],
  },
  raft: {
    file: "my-raft.ts",
    example: "examples/raft/my-raft.ts",
    scripts: { test: "kvlab test --lab raft --impl ./my-raft.ts", typecheck: "tsc --noEmit" },
    // vitest too: a test file of the student's own (registerRaftSuites) and kvlab fuzz's regression files run on it.
    tools: ["typescript", "vitest"],
    more: [],
  },
  kvraft: {
    file: "my-kvraft.ts",
    example: "examples/kvraft/my-kvraft.ts",
    scripts: { test: "kvlab test --lab kvraft --impl ./my-kvraft.ts", typecheck: "tsc --noEmit" },
    tools: ["typescript", "vitest"],
    more: [],
  },
};

/**
 * A student's starting folder for `lab` at `target`: a package that depends on kvlab
 * (`kvlabSpec`) and on the tools kvlab itself is tested with, a strict tsconfig, the lab's
 * starting file that kvlab ships (see starters), and what runs its tests; and, when kvlab is a
 * folder, an .npmrc that has npm install it as a copy.
 */
export function starterFiles(target: string, kvlab: { root: string; manifest: KvlabManifest }, kvlabSpec: string, lab: string): StarterFiles {
  const starter = starters[lab];
  if (starter === undefined) throw new Error(`no starting folder for the ${lab} lab`);
  const ours = kvlab.manifest.devDependencies ?? {};
  const manifest = {
    name: packageName(target, lab),
    version: "0.1.0",
    private: true,
    type: "module",
    scripts: starter.scripts,
    devDependencies: { kvlab: kvlabSpec, ...Object.fromEntries(starter.tools.map((tool) => [tool, ours[tool] ?? "*"])) },
  };
  const tsconfig = {
    compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, types: [] },
    include: ["*.ts"],
  };
  return [
    ["package.json", json(manifest)],
    ...(dependsOnFolder(target, kvlabSpec) ? [[".npmrc", NPMRC] as [string, string]] : []),
    ["tsconfig.json", json(tsconfig)],
    [starter.file, readFileSync(join(kvlab.root, starter.example), "utf8")],
    ...starter.more,
  ];
}

/**
 * npm links a folder dependency by default: kvlab would then run from that folder and import the
 * vitest of the folder's own node_modules beside the lab's, two copies of the runner. With
 * install-links npm packs the folder and installs it as it would a tarball, with its own
 * dependencies in the lab's node_modules.
 */
const NPMRC = `# kvlab is a folder here: install it as a packed copy, not a link (see kvlab's README)\ninstall-links=true\n`;

/** Whether `spec`, as written into the lab at `target`, names a folder rather than a tarball. */
function dependsOnFolder(target: string, spec: string): boolean {
  if (!spec.startsWith("file:")) return false;
  return statSync(resolve(target, spec.slice("file:".length)), { throwIfNoEntry: false })?.isDirectory() === true;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** npm's rules for a name: lower case, no spaces or symbols but - . _ ~, not starting with . or _. */
function packageName(target: string, lab: string): string {
  const name = basename(resolve(target))
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, "-")
    .replace(/^[._-]+/, "")
    .slice(0, 214);
  return name === "" ? `${lab}-lab` : name;
}
