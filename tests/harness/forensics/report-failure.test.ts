// reportFailure: the lab explains a failed run in its terms; the harness writes the page, with the
// command that reruns the run, where it is told to.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { reportFailure, type Lab } from "../../../src/harness/index.js";
import forgetful from "../counter-lab/impls/forgetful.js";
import { counterRun, lab } from "../counter-lab/runs.js";
import { tempDir } from "../../support/temp-dir.js";

const failing = (options = {}) => counterRun("TestUnreliableIncrements", { impl: forgetful, options });

describe("reportFailure", () => {
  it("gives the lab's lines and writes its page, named for the test and seed, with the rerun command", async () => {
    const dir = tempDir();
    const report = await reportFailure(failing({ implPath: "./forgetful.ts" }), { dir });
    expect(report.lines).toEqual(["  the clients made 16 calls, 15 of them increments"]);
    expect(report.page).toBe(join(dir, "TestUnreliableIncrements-seed1.html"));
    const page = readFileSync(report.page!, "utf8");
    expect(page).toContain("npx kvlab test --lab counter --impl ./forgetful.ts --test TestUnreliableIncrements --seed 1");
    expect(page).toContain("the history of 16 operations is not linearizable");
    expect(page).toContain("increment() -&gt; 1");
  });

  it("puts the rerun it is given on the page instead, e.g. a test runner's own command", async () => {
    const dir = tempDir();
    const report = await reportFailure(failing(), { dir, rerun: "npx vitest run counter.test.ts" });
    expect(readFileSync(report.page!, "utf8")).toContain("npx vitest run counter.test.ts");
  });

  it("names a scenario's page after the scenario alone", async () => {
    const dir = tempDir();
    const report = await reportFailure(failing({ scenarioFile: "lost-reply.json" }), { dir });
    expect(readdirSync(dir)).toEqual(["TestUnreliableIncrements.html"]);
    expect(readFileSync(report.page!, "utf8")).toContain("npx kvlab replay lost-reply.json");
  });

  it("writes nothing for a run the lab does not explain: one that passed", async () => {
    const dir = join(tempDir(), "pages");
    expect(await reportFailure(counterRun("TestReliableIncrements", { impl: forgetful }), { dir })).toEqual({ lines: [] });
    expect(existsSync(dir)).toBe(false);
  });

  it("writes nothing for a lab that does not explain its failures, or explains them in lines only", async () => {
    const dir = join(tempDir(), "pages");
    const { explain: _, ...silent } = lab;
    expect(await reportFailure({ ...failing(), lab: silent as Lab }, { dir })).toEqual({ lines: [] });
    const terse: Lab = { ...lab, explain: async () => ({ lines: ["only words"] }) };
    expect(await reportFailure({ ...failing(), lab: terse }, { dir })).toEqual({ lines: ["only words"] });
    expect(existsSync(dir)).toBe(false);
  });
});
