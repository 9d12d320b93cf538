// kvlab as a user gets it: packed, installed from the tarball into a fresh project made the way
// `npm init -y` makes one (CommonJS), and used there through its bins, its imports, vitest and
// TypeScript; then labs from `kvlab init`, each in a folder of its own (inside the project, Node
// would find anything a lab lacks in the project's node_modules), installed and tested: from that
// project, from the tarball alone as README starts, and from a clone. Slow (npm installs, from
// the local npm cache where it can): one pack and one project install serve every test.
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { INSTALL, NPM_TIMEOUT, type Run, run, step } from "../support/npm.js";
import { repo } from "../support/run-cli.js";
import { tempDirForFile } from "../support/temp-dir.js";

const ours = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { version: string; devDependencies: Record<string, string> };
/** What packing never reads: installs, history, builds and run outputs. */
const NOT_SOURCES = new Set(["node_modules", ".git", "dist", "kvlab-runs", "kvlab-fuzz", ".kvlab-out"]);

let root: string;
let sources: string;
let project: string;
let tarball: string;
let packed: string[];

/**
 * The labs `kvlab init` writes, each in a folder of its own: how it is run, from where, into
 * which folder (under the test's root), and what it printed.
 */
const labs = {
  /** From the project that installed the tarball, beside it. */
  project: { dir: "lab", init: () => step(project, "npx", "kvlab", "init", "../lab"), wrote: undefined as Run | undefined },
  /** README's start: in a folder holding only the tarball a course handed out. */
  start: {
    dir: "start/my-lab",
    init: () => {
      mkdirSync(join(root, "start"));
      copyFileSync(tarball, join(root, "start", `kvlab-${ours.version}.tgz`));
      // At a terminal npx asks before installing the tarball; with no terminal it needs --yes.
      return step(join(root, "start"), "npx", "--yes", "--package", `./kvlab-${ours.version}.tgz`, "kvlab", "init", "my-lab");
    },
    wrote: undefined as Run | undefined,
  },
  /** From a clone: the copy packed above, which packing built. */
  clone: { dir: "clone-lab", init: () => step(sources, "node", "bin/kvlab.js", "init", "../clone-lab"), wrote: undefined as Run | undefined },
  /** The Raft lab's, from the project that installed the tarball. */
  raft: { dir: "raft-lab", init: () => step(project, "npx", "kvlab", "init", "../raft-lab", "--lab", "raft"), wrote: undefined as Run | undefined },
  /** The replicated KV lab's, from the project that installed the tarball. */
  kvraft: { dir: "kvraft-lab", init: () => step(project, "npx", "kvlab", "init", "../kvraft-lab", "--lab", "kvraft"), wrote: undefined as Run | undefined },
};

beforeAll(async () => {
  root = tempDirForFile("kvlab-install-");
  const pack = join(root, "pack");
  sources = join(root, "kvlab");
  project = join(root, "project");
  mkdirSync(pack);
  mkdirSync(project);
  // Packing runs `prepare`, so the tarball holds a fresh build of the work tree as it is; it packs
  // a copy, so that the build does not rewrite the dist/ that other tests are running.
  cpSync(repo, sources, { recursive: true, filter: (path) => !NOT_SOURCES.has(relative(repo, path)) });
  symlinkSync(join(repo, "node_modules"), join(sources, "node_modules"), "dir");
  // The output of a source that is gone: the build must not ship it.
  mkdirSync(join(sources, "dist", "src"), { recursive: true });
  writeFileSync(join(sources, "dist", "src", "removed-module.js"), "export {};\n");
  const packing = await step(sources, "npm", "pack", "--json", "--pack-destination", pack);
  const [manifest] = JSON.parse(packing.stdout.slice(packing.stdout.indexOf("["))) as { filename: string; files: { path: string }[] }[];
  packed = manifest!.files.map((file) => file.path);
  tarball = join(pack, manifest!.filename);
  await step(project, "npm", "init", "-y");
  await step(project, "npm", ...INSTALL, join("..", "pack", manifest!.filename), `vitest@${ours.devDependencies["vitest"]}`, `typescript@${ours.devDependencies["typescript"]}`);
  // The labs are written and installed side by side: npm mostly waits on its cache and the disk.
  await Promise.all(
    Object.values(labs).map(async (lab) => {
      lab.wrote = await lab.init();
      await step(join(root, lab.dir), "npm", ...INSTALL);
    }),
  );
}, 2 * NPM_TIMEOUT);

describe("the packed kvlab", () => {
  it("ships built code with its declarations, the bins, the examples, README and LICENSE; no tests, sources, maps or stale output", () => {
    for (const path of ["package.json", "README.md", "LICENSE", "bin/kvlab.js", "dist/src/index.js", "dist/src/index.d.ts", "dist/labnet/index.d.ts", "dist/src/vitest.js", "dist/src/real/index.js", "dist/src/cli/kvlab.js", "examples/kv/my-kv.ts", "examples/raft/my-raft.ts", "examples/kvraft/my-kvraft.ts"]) {
      expect(packed).toContain(path);
    }
    expect(packed.filter((path) => /^(tests|bench|src|labnet|docs|node_modules)\/|\.map$|\.test\.[cm]?[jt]s$|^tsconfig/.test(path))).toEqual([]);
    expect(packed).not.toContain("dist/src/removed-module.js");
    const shipped = packed.filter((path) => path.endsWith(".js")).filter((path) => readFileSync(join(project, "node_modules", "kvlab", path), "utf8").includes("sourceMappingURL"));
    expect(shipped, "a map the package leaves out").toEqual([]);
  });

  it("installs into a CommonJS project, where `npx kvlab test` runs a suite test", async () => {
    expect(JSON.parse(readFileSync(join(project, "package.json"), "utf8"))).toMatchObject({ type: "commonjs" });
    const result = await run(project, "npx", "kvlab", "test", "--suite", "kvsrv", "--test", "TestReliablePut");
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^One client and reliable Put \(reliable network\)\.\.\.\n {2}\.\.\. Passed --/);
    expect(result.stdout).toMatch(/\n1 passed, 0 failed\n$/);
    expect(result.status).toBe(0);
  });

  it("every bin starts", async () => {
    for (const bin of ["kvlab", "kvs-server", "kvs-client", "kvs-front", "kvs-repair"]) {
      const result = await run(project, "npx", bin, "--help");
      expect(result, bin).toMatchObject({ status: 0, stderr: "" });
      expect(result.stdout, bin).toMatch(/--help/);
    }
  });

  it("an ESM module imports every entry point, and a CommonJS one requires kvlab", async () => {
    writeFileSync(
      join(project, "use.mjs"),
      `import { check, kvModel, reference } from "kvlab";
import { Simulation } from "kvlab/labnet";
import { TcpClientEnd } from "kvlab/real";
const ok = check([], kvModel);
console.log(typeof Simulation, typeof TcpClientEnd, typeof reference.createServer, ok.verdict);
`,
    );
    expect(await run(project, "node", "use.mjs")).toEqual({ status: 0, stdout: "function function function ok\n", stderr: "" });
    writeFileSync(join(project, "use.cjs"), `const { check, kvModel } = require("kvlab");\nconsole.log(check([], kvModel).verdict);\n`);
    expect(await run(project, "node", "use.cjs")).toMatchObject({ status: 0, stdout: "ok\n" });
  });

  it("a vitest file there registers the suites with kvlab/vitest", async () => {
    writeFileSync(
      join(project, "reference.test.ts"),
      `import { reference } from "kvlab";
import { registerSuites } from "kvlab/vitest";
registerSuites(reference, { suite: "kvsrv", tests: ["TestReliablePut", "TestUnreliableNet"], seeds: [1, 2] });
`,
    );
    const result = await run(project, "npx", "vitest", "run", "reference.test.ts");
    expect(result.stdout).toMatch(/Tests +4 passed \(4\)/);
    expect(result.status).toBe(0);
  });

  it("its declarations type-check under strict settings without Node's types, with skipLibCheck off", async () => {
    const compilerOptions = { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", skipLibCheck: false };
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify({ compilerOptions: { ...compilerOptions, types: [] }, files: ["consumer.mts", "consumer.cts"] }));
    writeFileSync(
      join(project, "consumer.mts"),
      `import { check, reference, runLabTest, type KVImplementation, type GetReply } from "kvlab";
import { Simulation, type LabEnv } from "kvlab/labnet";
import { registerSuites } from "kvlab/vitest";
const impl: KVImplementation = reference;
const reply: GetReply = { value: "", version: 0, err: "ErrNoKey" };
// @ts-expect-error: a KVImplementation needs createClerk, so the types are real, not any
const broken: KVImplementation = { createServer: reference.createServer };
export const used = [check, runLabTest, Simulation, registerSuites, impl, reply, broken, (env: LabEnv) => env.now()];
`,
    );
    writeFileSync(join(project, "consumer.cts"), `import { check } from "kvlab";\nexport const used = check;\n`);
    // kvlab/real is a Node server's API: its declarations bring Node's types themselves.
    writeFileSync(join(project, "tsconfig.real.json"), JSON.stringify({ compilerOptions, files: ["real.mts"] }));
    writeFileSync(join(project, "real.mts"), `import { TcpClientEnd, realTimeEnv } from "kvlab/real";\nexport const used = [TcpClientEnd, realTimeEnv];\n`);
    expect(await run(project, "npx", "tsc", "-p", "tsconfig.json")).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(await run(project, "npx", "tsc", "-p", "tsconfig.real.json")).toEqual({ status: 0, stdout: "", stderr: "" });
  });
});

/** `npm test` in a lab `kvlab init` wrote and npm installed: every suite runs on its my-kv.ts and passes. */
async function labTestPasses(lab: string) {
  const result = await run(join(root, lab), "npm", "test");
  expect(result.stdout).toMatch(/Test Files +1 passed \(1\)/);
  expect(result.stdout).not.toMatch(/failed|skipped/);
  expect(result.status).toBe(0);
}

function kvlabSpec(lab: string): string {
  return (JSON.parse(readFileSync(join(root, lab, "package.json"), "utf8")) as { devDependencies: Record<string, string> }).devDependencies["kvlab"]!;
}

describe("kvlab init from the installed kvlab, into a folder beside the project", () => {
  it("writes a folder that depends on the same kvlab tarball, which npm install then installs", () => {
    expect(labs.project.wrote!.stdout).toMatch(/\nnext: cd \.\.\/lab && npm install && npm test\n$/);
    expect(kvlabSpec(labs.project.dir)).toBe(`file:../pack/kvlab-${ours.version}.tgz`);
    expect(existsSync(join(root, labs.project.dir, ".npmrc")), "a tarball needs no install-links").toBe(false);
  });

  it("npm test there runs every suite on my-kv.ts, and they pass", () => labTestPasses(labs.project.dir));
});

describe("README's start: `npx --package ./kvlab-VERSION.tgz kvlab init my-lab` in a folder holding only the tarball", () => {
  it("writes a lab on that tarball", () => {
    expect(labs.start.wrote!.stdout).toMatch(/\nnext: cd my-lab && npm install && npm test\n$/);
    expect(kvlabSpec(labs.start.dir)).toBe(`file:../kvlab-${ours.version}.tgz`);
  });

  it("npm test there runs every suite on my-kv.ts, and they pass", () => labTestPasses(labs.start.dir));

  it("kvlab test --impl ./my-kv.ts runs there, and the lab's files type-check", async () => {
    const lab = join(root, labs.start.dir);
    const result = await run(lab, "npx", "kvlab", "test", "--impl", "./my-kv.ts", "--suite", "kvsrv", "--test", "TestReliablePut", "TestUnreliableNet");
    expect(result.stdout).toMatch(/\n2 passed, 0 failed\n$/);
    expect(result.status).toBe(0);
    expect(await run(lab, "npm", "run", "--silent", "typecheck")).toEqual({ status: 0, stdout: "", stderr: "" });
  });
});

describe("kvlab init from a clone", () => {
  it("writes a lab on the clone's folder, with an .npmrc that has npm install a packed copy rather than a link", () => {
    expect(kvlabSpec(labs.clone.dir)).toBe("file:../kvlab");
    expect(readFileSync(join(root, labs.clone.dir, ".npmrc"), "utf8")).toMatch(/^install-links=true$/m);
  });

  it("npm installs kvlab there as a copy in the lab's node_modules, not a link into the clone", async () => {
    const lab = join(root, labs.clone.dir);
    const result = await run(lab, "node", "--input-type=module", "-e", `console.log(import.meta.resolve("kvlab/vitest"))`);
    expect(result.stdout).toContain(`${lab}/node_modules/kvlab/`);
  });

  it("npm test there runs every suite on my-kv.ts, and they pass", () => labTestPasses(labs.clone.dir));
});

describe("kvlab init --lab raft from the installed kvlab", () => {
  it("writes the skeleton, which type-checks against the installed kvlab's types and fails 3A with the course's text", async () => {
    const lab = join(root, labs.raft.dir);
    expect(labs.raft.wrote!.stdout).toBe("wrote ../raft-lab/package.json, ../raft-lab/tsconfig.json, ../raft-lab/my-raft.ts\nnext: cd ../raft-lab && npm install && npm test\n");
    expect(await run(lab, "npm", "run", "--silent", "typecheck")).toEqual({ status: 0, stdout: "", stderr: "" });
    const result = await run(lab, "npm", "test", "--", "--test", "TestInitialElection3A");
    expect(result.stdout).toContain("Test (3A): initial election (reliable network)...\nFatal: expected one leader, got none\n");
    expect(result.stdout).toContain("rerun: npx kvlab test --lab raft --impl ./my-raft.ts --test TestInitialElection3A --seed 1\n");
    expect(result.status).toBe(1);
  });
});

describe("kvlab init --lab kvraft from the installed kvlab", () => {
  it("writes the skeleton, which type-checks against the installed kvlab's types and fails 4A with the course's text, over the reference Raft and over the Raft lab's skeleton (--raft)", async () => {
    const lab = join(root, labs.kvraft.dir);
    expect(labs.kvraft.wrote!.stdout).toBe("wrote ../kvraft-lab/package.json, ../kvraft-lab/tsconfig.json, ../kvraft-lab/my-kvraft.ts\nnext: cd ../kvraft-lab && npm install && npm test\n");
    expect(await run(lab, "npm", "run", "--silent", "typecheck")).toEqual({ status: 0, stdout: "", stderr: "" });
    const fatal = "Test RSM basic (reliable network)...\nFatal: oneInc: Inc was not committed within 10 seconds (runtime error: invalid memory address or nil pointer dereference)\n";
    const alone = await run(lab, "npm", "test", "--", "--test", "TestBasic4A");
    expect(alone.stdout).toContain(fatal);
    expect(alone.stdout).toContain("rerun: npx kvlab test --lab kvraft --impl ./my-kvraft.ts --test TestBasic4A --seed 1\n");
    expect(alone.status).toBe(1);
    const overRaft = await run(lab, "npm", "test", "--", "--raft", "../raft-lab/my-raft.ts", "--test", "TestBasic4A");
    expect(overRaft.stdout).toContain(fatal);
    expect(overRaft.stdout).toContain("rerun: npx kvlab test --lab kvraft --impl ./my-kvraft.ts --raft ../raft-lab/my-raft.ts --test TestBasic4A --seed 1\n");
    expect(overRaft.status).toBe(1);
  });
});
