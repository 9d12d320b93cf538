// rerunCommand: the one command line that reproduces a run, for every kind of run; labWords: how
// every command line kvlab prints picks its lab.
import { describe, expect, it } from "vitest";
import { DEFAULT_LAB, labWords, rerunCommand, type Lab, type Run, type RunOptions } from "../../src/harness/index.js";
import { DEFAULT_LAB as COMMAND_LINE_DEFAULT } from "../../src/harness/command-line/index.js";
import { counterRun, lab } from "./counter-lab/runs.js";

/** The counter lab's run of TestInitialGet at seed 7, with `options`. */
const rerun = (options: RunOptions, of: Lab = lab): string => rerunCommand({ ...counterRun("TestInitialGet", { seed: 7, options }), lab: of });
/** The same run, as if the counter lab were the default one. */
const asDefault: Lab = { ...lab, name: DEFAULT_LAB };

describe("rerunCommand", () => {
  it("names a lab other than the default one with --lab, then the test and its seed", () => {
    expect(rerun({})).toBe("npx kvlab test --lab counter --test TestInitialGet --seed 7");
  });

  it("leaves --lab out for the default lab, so today's commands are printed as they were", () => {
    expect(DEFAULT_LAB).toBe("kv");
    expect(rerun({}, asDefault)).toBe("npx kvlab test --test TestInitialGet --seed 7");
  });

  it("names the implementation as the user gave it, quoted when the shell would split it", () => {
    expect(rerun({ implPath: "./my counter.ts" })).toBe("npx kvlab test --lab counter --impl './my counter.ts' --test TestInitialGet --seed 7");
  });

  it("names the lab's part modules after --impl, by flag in alphabetical order, as given", () => {
    expect(rerun({ implPath: "./c.ts", parts: { server: "./my server.ts" } })).toBe("npx kvlab test --lab counter --impl ./c.ts --server './my server.ts' --test TestInitialGet --seed 7");
    expect(rerun({ parts: { zeta: "z.ts", server: "s.ts" } })).toBe("npx kvlab test --lab counter --server s.ts --zeta z.ts --test TestInitialGet --seed 7");
    expect(rerun({ parts: {} })).toBe(rerun({}));
    expect(rerun({ scenarioFile: "s.json", parts: { server: "s.ts" } })).toBe("npx kvlab replay s.json --server s.ts");
  });

  it("keeps every option that changes the outcome: the budget and the determinism check", () => {
    expect(rerun({ checkSteps: 1000, checkDeterminism: true })).toBe("npx kvlab test --lab counter --test TestInitialGet --seed 7 --budget 1000 --check-determinism");
    expect(rerun({ checkDeterminism: false })).toBe("npx kvlab test --lab counter --test TestInitialGet --seed 7");
  });

  it("leaves out what does not change the outcome: traces, forensics, a signal", () => {
    expect(rerun({ trace: true, forensics: true, signal: new AbortController().signal })).toBe(rerun({}));
  });

  it("replays a scenario's run from its file, with the implementation, and nothing else", () => {
    expect(rerun({ scenarioFile: "scenarios/lost reply.json", implPath: "./c.ts", checkSteps: 5, checkDeterminism: true })).toBe("npx kvlab replay 'scenarios/lost reply.json' --impl ./c.ts");
    expect(rerun({ scenarioFile: "s.json" })).toBe("npx kvlab replay s.json");
  });

  it("against a real server, names the target and no seed, which such a run does not have", () => {
    expect(rerun({ target: "127.0.0.1:7000", implPath: "./c.ts" })).toBe("npx kvlab test --lab counter --impl ./c.ts --target 127.0.0.1:7000 --test TestInitialGet");
    expect(rerun({ target: "127.0.0.1:7000" }, asDefault)).toBe("npx kvlab test --target 127.0.0.1:7000 --test TestInitialGet");
  });

  it("takes only what says which run it was, not the implementation object", () => {
    const { lab: of, definition, seed, options }: Run = counterRun("TestReliableIncrements", { seed: 3 });
    expect(rerunCommand({ lab: of, definition, seed, options })).toBe("npx kvlab test --lab counter --test TestReliableIncrements --seed 3");
  });
});

describe("labWords", () => {
  it("is --lab NAME for a lab other than the default one", () => {
    expect(labWords({ name: "counter" })).toEqual(["--lab", "counter"]);
    expect(labWords({ name: "kv2" })).toEqual(["--lab", "kv2"]);
  });

  it("is nothing for the default lab, the one the command-line part names for every --lab", () => {
    expect(COMMAND_LINE_DEFAULT).toBe(DEFAULT_LAB);
    expect(labWords({ name: DEFAULT_LAB })).toEqual([]);
  });
});
