// importLab: how a sweep's worker finds a lab, by its module's URL alone.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { importLab } from "../../../src/harness/load/import-lab.js";
import { repo, runProcess } from "../../support/run-cli.js";
import { tempDir } from "../../support/temp-dir.js";
import { counterLab } from "../counter-lab/lab.js";

describe("importLab", () => {
  it("gives the lab a module's default export is, the very object this thread loaded", async () => {
    expect(await importLab(counterLab.module)).toBe(counterLab);
  });

  it("refuses a module whose default export is no lab, naming the module", async () => {
    const url = pathToFileURL(join(import.meta.dirname, "../counter-lab/impls/forgetful.ts")).href;
    await expect(importLab(url)).rejects.toThrow(`${url} has no lab as its default export`);
  });

  it("refuses a module with no default export at all", async () => {
    const url = pathToFileURL(join(import.meta.dirname, "../counter-lab/model.ts")).href;
    await expect(importLab(url)).rejects.toThrow(`${url} has no lab as its default export`);
  });
});

describe("importLab, built", () => {
  it("imports a TypeScript lab beside a project so that it shares kvlab's modules: its Fatal text is its own, in this thread and on workers", async () => {
    const dir = tempDir();
    const built = (path: string) => JSON.stringify(pathToFileURL(join(repo, "dist", path)).href);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(
      join(dir, "tiny-lab.ts"),
      [
        `import { LabFailure, RunNotes, type Lab } from ${built("src/harness/index.js")};`,
        `import { Network, Simulation, profiles } from ${built("labnet/index.js")};`,
        `const world = (seed: number) => { const sim = new Simulation({ seed, trace: false }); return { sim, net: new Network(sim, profiles.reliable), notes: new RunNotes(), peers: 0 }; };`,
        `const fails = { suite: "s", name: "TestFails", title: "t", reliable: true, body: async () => { throw new LabFailure("the lab's own words"); } };`,
        `const lab: Lab = { name: "tiny", title: "a tiny lab", module: import.meta.url, reference: {}, checkImplementation: (c) => c, suites: { s: [fails] }, world: (_impl, options) => world(options.seed) };`,
        `export default lab;`,
      ].join("\n"),
    );
    writeFileSync(
      join(dir, "sweep.mjs"),
      [
        `import { allTestsOf, planJobs, runSweep } from ${built("src/harness/index.js")};`,
        `import { importLab } from ${built("src/harness/load/import-lab.js")};`,
        `const lab = await importLab(new URL("./tiny-lab.ts", import.meta.url).href);`,
        `const runs = planJobs({ lab, impl: lab.reference, options: {} }, allTestsOf(lab), 1, 1);`,
        `const messages = [];`,
        `for (const workers of [1, 2]) messages.push((await runSweep(runs, { workers, watchdogMs: 60000 }, { begin() {}, end() {} }))[0].message);`,
        `console.log(JSON.stringify(messages));`,
      ].join("\n"),
    );
    const run = await runProcess(process.execPath, [join(dir, "sweep.mjs")], { cwd: dir, env: process.env });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual(["the lab's own words", "the lab's own words"]);
  });
});
