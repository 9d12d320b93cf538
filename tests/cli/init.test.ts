import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { kvlab, repo } from "../support/run-cli.js";
import { tempDir } from "../support/temp-dir.js";

const ours = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { version: string; devDependencies: Record<string, string> };
/** What init writes run from this checkout: kvlab is a folder, so the lab's .npmrc has npm copy it. */
const files = ["package.json", ".npmrc", "tsconfig.json", "my-kv.ts", "my-kv.test.ts"];

/** `kvlab init ARGS…` from source, in `cwd`. */
function init(cwd: string, ...args: string[]) {
  const run = spawnSync(process.execPath, ["--import", import.meta.resolve("tsx"), join(repo, "src/cli/kvlab.ts"), "init", ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function manifest(dir: string) {
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<string, unknown> & { devDependencies: Record<string, string> };
}

describe("kvlab init", () => {
  it("writes an ESM package on the running kvlab (here: this checkout) that tests the reference my-kv.ts with vitest, and says what to run next", () => {
    const cwd = tempDir();
    const run = init(cwd, "My Lab!");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`wrote ${files.map((f) => `My Lab!/${f}`).join(", ")}\nnext: cd 'My Lab!' && npm install && npm test\n`);
    const dir = join(cwd, "My Lab!");
    expect(manifest(dir)).toEqual({
      name: "my-lab-",
      version: "0.1.0",
      private: true,
      type: "module",
      scripts: { test: "vitest run", typecheck: "tsc --noEmit", kvlab: "kvlab test --impl ./my-kv.ts" },
      devDependencies: { kvlab: `file:${relative(dir, repo)}`, typescript: ours.devDependencies["typescript"], vitest: ours.devDependencies["vitest"] },
    });
    expect(readFileSync(join(dir, ".npmrc"), "utf8")).toMatch(/^install-links=true$/m);
    expect(readFileSync(join(dir, "my-kv.ts"), "utf8")).toBe(readFileSync(join(repo, "examples/kv/my-kv.ts"), "utf8"));
    expect(readFileSync(join(dir, "my-kv.test.ts"), "utf8")).toMatch(/import \{ registerSuites \} from "kvlab\/vitest";\nimport impl from "\.\/my-kv\.js";\n\nregisterSuites\(impl, \{ implPath: "\.\/my-kv\.ts" \}\);\n$/);
    expect(JSON.parse(readFileSync(join(dir, "tsconfig.json"), "utf8"))).toMatchObject({ compilerOptions: { strict: true, module: "NodeNext", noEmit: true } });
  });

  it("writes into the current folder by default, and then needs no cd", () => {
    const cwd = tempDir();
    const run = init(cwd);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`wrote ${files.join(", ")}\nnext: npm install && npm test\n`);
    for (const file of files) expect(existsSync(join(cwd, file))).toBe(true);
    expect(manifest(cwd)["name"]).toMatch(/^kvlab-/);
  });

  it("refuses to overwrite any of its files, in one line with exit 3, and then writes none", () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "lab"));
    writeFileSync(join(cwd, "lab", "my-kv.ts"), "mine");
    const run = init(cwd, "lab");
    expect(run.status).toBe(3);
    expect(run.stderr).toBe("kvlab init: lab/my-kv.ts already exists; nothing was written\n");
    expect(run.stdout).toBe("");
    expect(readFileSync(join(cwd, "lab", "my-kv.ts"), "utf8")).toBe("mine");
    for (const file of ["package.json", "tsconfig.json", "my-kv.test.ts"]) expect(existsSync(join(cwd, "lab", file))).toBe(false);
  });

  it("names every file it would overwrite", () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "package.json"), "{}");
    writeFileSync(join(cwd, "tsconfig.json"), "{}");
    expect(init(cwd, ".")).toMatchObject({ status: 3, stderr: "kvlab init: package.json, tsconfig.json already exist; nothing was written\n" });
  });

  it("refuses a folder that is a file, an empty folder name and an empty --kvlab", () => {
    const cwd = tempDir();
    expect(init(cwd, "")).toMatchObject({ status: 3, stdout: "", stderr: "kvlab init: name a folder to write into (or none, for the current one)\n" });
    writeFileSync(join(cwd, "lab"), "");
    expect(init(cwd, "lab")).toMatchObject({ status: 3, stdout: "", stderr: "kvlab init: lab exists and is not a folder\n" });
    expect(init(cwd, "other", "--kvlab", "")).toMatchObject({ status: 3, stdout: "", stderr: 'kvlab: --kvlab needs a value, got ""\n' });
    expect(existsSync(join(cwd, "other"))).toBe(false);
  });

  it("--kvlab: a path is written as a file: spec leading from the new folder to it; anything else as given", () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "kvlab-9.9.9.tgz"), "");
    expect(init(cwd, "a/b", "--kvlab", "./kvlab-9.9.9.tgz").status).toBe(0);
    expect(manifest(join(cwd, "a/b")).devDependencies["kvlab"]).toBe("file:../../kvlab-9.9.9.tgz");
    expect(existsSync(join(cwd, "a/b/.npmrc")), "a tarball needs no .npmrc").toBe(false);
    expect(init(cwd, "c", "--kvlab", "github:someone/kvlab#v1").status).toBe(0);
    expect(manifest(join(cwd, "c")).devDependencies["kvlab"]).toBe("github:someone/kvlab#v1");
    expect(existsSync(join(cwd, "c/.npmrc"))).toBe(false);
    mkdirSync(join(cwd, "kvlab-src"));
    expect(init(cwd, "g", "--kvlab", "./kvlab-src").status).toBe(0);
    expect(manifest(join(cwd, "g")).devDependencies["kvlab"]).toBe("file:../kvlab-src");
    expect(readFileSync(join(cwd, "g/.npmrc"), "utf8")).toMatch(/^install-links=true$/m);
    expect(init(cwd, "d/e", "--kvlab", "kvlab-9.9.9.tgz").status).toBe(0);
    expect(manifest(join(cwd, "d/e")).devDependencies["kvlab"]).toBe("file:../../kvlab-9.9.9.tgz");
    expect(init(cwd, "f", "--kvlab", "file:kvlab-9.9.9.tgz").status).toBe(0);
    expect(manifest(join(cwd, "f")).devDependencies["kvlab"]).toBe("file:../kvlab-9.9.9.tgz");
  });

  it("--kvlab: a path that is not there is refused in one line with exit 3, and nothing is written", () => {
    const cwd = tempDir();
    for (const spec of ["./missing.tgz", "missing.tgz", "missing.tar.gz", "../missing", "/no/such/kvlab", "file:missing"]) {
      expect(init(cwd, "lab", "--kvlab", spec), spec).toEqual({
        status: 3,
        stdout: "",
        stderr: `kvlab init: --kvlab ${spec}: no such tarball or folder (a path is taken from the current folder)\n`,
      });
    }
    expect(existsSync(join(cwd, "lab"))).toBe(false);
  });

  it("--lab raft writes the Raft lab's folder: the course's skeleton as my-raft.ts, which loads, runs and fails 3A as the course's does", async () => {
    const cwd = tempDir();
    const run = init(cwd, "raft-lab", "--lab", "raft");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const raftFiles = ["package.json", ".npmrc", "tsconfig.json", "my-raft.ts"];
    expect(run.stdout).toBe(`wrote ${raftFiles.map((f) => `raft-lab/${f}`).join(", ")}\nnext: cd raft-lab && npm install && npm test\n`);
    const dir = join(cwd, "raft-lab");
    expect(manifest(dir)).toMatchObject({
      name: "raft-lab",
      scripts: { test: "kvlab test --lab raft --impl ./my-raft.ts", typecheck: "tsc --noEmit" },
      devDependencies: { kvlab: `file:${relative(dir, repo)}`, typescript: ours.devDependencies["typescript"], vitest: ours.devDependencies["vitest"] },
    });
    expect(readFileSync(join(dir, "my-raft.ts"), "utf8")).toBe(readFileSync(join(repo, "examples/raft/my-raft.ts"), "utf8"));
    const test = await kvlab("test", "--lab", "raft", "--impl", join(dir, "my-raft.ts"), "--test", "TestInitialElection3A", "--explain", "0");
    expect(test.stdout).toContain("Test (3A): initial election (reliable network)...\nFatal: expected one leader, got none\n");
    expect(test.status).toBe(1);
  });
});
