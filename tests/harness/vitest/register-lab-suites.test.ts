// registerLabSuites registers any lab's suites as vitest tests: run here on the counter lab, in a
// vitest of its own, as a project's test file would.
import { existsSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { wallBudgetMs } from "../../../src/harness/vitest/index.js";
import { repo } from "../../support/run-cli.js";
import { tempDirForFile } from "../../support/temp-dir.js";
import { type VitestRun, vitest } from "../../support/vitest.js";
import { counterTest } from "../counter-lab/runs.js";

const LAB = join(import.meta.dirname, "../counter-lab/lab.ts");
const FORGETFUL = join(import.meta.dirname, "../counter-lab/impls/forgetful.ts");
const FORGETFUL_SERVER = join(import.meta.dirname, "../counter-lab/impls/forgetful-server.ts");

let dir: string;
let run: VitestRun;

beforeAll(async () => {
  dir = tempDirForFile();
  writeFileSync(
    join(dir, "counter.test.ts"),
    [
      `import { describe } from "vitest";`,
      `import { registerLabSuites } from ${JSON.stringify(join(repo, "src/harness/vitest/index.ts"))};`,
      `import counterLab from ${JSON.stringify(LAB)};`,
      `import forgetful from ${JSON.stringify(FORGETFUL)};`,
      `import forgetfulServer from ${JSON.stringify(FORGETFUL_SERVER)};`,
      `describe("reference", () => registerLabSuites(counterLab, counterLab.reference, { suite: "increments", seeds: [1, 2] }));`,
      `describe("forgetful", () => registerLabSuites(counterLab, forgetful, { suite: ["reads", "increments"], tests: ["TestUnreliableIncrements"], implPath: ${JSON.stringify(relative(dir, FORGETFUL))} }));`,
      `describe("server part", () => registerLabSuites(counterLab, { ...counterLab.reference, ...forgetfulServer }, { tests: ["TestUnreliableIncrements"], parts: { server: ${JSON.stringify(relative(dir, FORGETFUL_SERVER))} } }));`,
      `describe("claims less", () => registerLabSuites(counterLab, { ...forgetful, atMostOnce: false }, { tests: ["TestUnreliableIncrements", "TestInitialGet"] }));`,
    ].join("\n"),
  );
  run = await vitest(dir, "counter.test.ts");
});

describe("registerLabSuites", () => {
  it("registers one vitest test per (test, seed) of the suites named, and each passes, fails or skips as its run does", () => {
    expect(run.results.map((result) => [result.title, result.status])).toEqual([
      ["reference increments TestReliableIncrements seed 1", "passed"],
      ["reference increments TestReliableIncrements seed 2", "passed"],
      ["reference increments TestUnreliableIncrements seed 1", "passed"],
      ["reference increments TestUnreliableIncrements seed 2", "passed"],
      ["forgetful increments TestUnreliableIncrements seed 1", "failed"],
      ["server part increments TestUnreliableIncrements seed 1", "failed"],
      ["claims less increments TestUnreliableIncrements seed 1", "skipped"],
      ["claims less reads TestInitialGet seed 1", "passed"],
    ]);
    expect(run.status).toBe(1);
  });

  it("fails with the lab's Fatal text, its explanation, its page and the kvlab command, with --lab, that reruns it", () => {
    expect(run.output).toContain("Fatal: the history of 16 operations is not linearizable\n  the clients made 16 calls, 15 of them increments\npage: kvlab-runs/TestUnreliableIncrements-seed1.html\n");
    expect(existsSync(join(dir, "kvlab-runs/TestUnreliableIncrements-seed1.html"))).toBe(true);
    expect(run.output).toContain(`rerun: npx kvlab test --lab counter --impl ${relative(dir, FORGETFUL)} --test TestUnreliableIncrements --seed 1`);
  });

  it("names the lab's part modules it was given in the rerun command, even without implPath", () => {
    expect(run.output).toContain(`rerun: npx kvlab test --lab counter --server ${relative(dir, FORGETFUL_SERVER)} --test TestUnreliableIncrements --seed 1`);
  });
});

describe("wallBudgetMs", () => {
  it("gives a test of the usual size a minute, and a longer one as much more as its virtual time limit is longer", () => {
    const test = counterTest("TestInitialGet");
    expect(wallBudgetMs(test)).toBe(60_000);
    expect(wallBudgetMs({ ...test, timeLimitMs: 10_000 })).toBe(60_000);
    expect(wallBudgetMs({ ...test, timeLimitMs: 600_000 })).toBe(300_000);
  });
});
