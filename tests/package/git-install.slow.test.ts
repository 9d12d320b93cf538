// kvlab installed from git, as `npm install github:…/kvlab` does: the repository holds no dist/,
// so the install must build it (npm installs a git dependency's dev dependencies and runs its
// `prepare`). This installs the last commit, through a clone of this repository.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, expect, it } from "vitest";
import { INSTALL, NPM_TIMEOUT, run, step } from "../support/npm.js";
import { repo } from "../support/run-cli.js";
import { tempDirForFile } from "../support/temp-dir.js";

let project: string;

beforeAll(async () => {
  const root = tempDirForFile("kvlab-git-");
  const clone = join(root, "kvlab");
  project = join(root, "project");
  await step(root, "git", "clone", "--quiet", "--depth", "1", pathToFileURL(repo).href, clone);
  expect(existsSync(join(clone, "dist"))).toBe(false);
  mkdirSync(project);
  await step(project, "npm", "init", "-y");
  await step(project, "npm", ...INSTALL, `git+${pathToFileURL(clone).href}`);
}, NPM_TIMEOUT);

it("a git install builds dist/ itself, and its kvlab runs", async () => {
  expect(existsSync(join(project, "node_modules", "kvlab", "dist", "src", "cli", "kvlab.js"))).toBe(true);
  const result = await run(project, "npx", "kvlab", "test", "--suite", "kvsrv", "--test", "TestReliablePut");
  expect(result.stdout).toMatch(/\n1 passed, 0 failed\n$/);
  expect(result.status).toBe(0);
});
