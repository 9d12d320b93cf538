// kvlab fuzz --lab raft and kvlab replay on Raft scenarios, end to end, as a student's shell runs
// the built kvlab: the fuzzer finds a classic Raft bug, shrinks it and writes a regression
// scenario; replaying it says it still fails, and fixed once the module is a correct Raft.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtKvlab, repo } from "../../support/run-cli.js";
import { tempDir } from "../../support/temp-dir.js";

const buggy = join(repo, "examples", "raft", "buggy", "votes-without-log-check.ts");

describe("kvlab fuzz --lab raft and kvlab replay", () => {
  it("finds a Raft that votes without the log check, shrinks it, writes the scenario, and replay says still failing, then fixed", async () => {
    const dir = tempDir("kvlab-fuzz-raft-");
    const module = join(dir, "my-raft.ts");
    writeFileSync(module, `export { default } from ${JSON.stringify(buggy)};\n`);
    const out = join(dir, "found");
    const fuzz = await builtKvlab([], ["fuzz", "--lab", "raft", "--impl", module, "--runs", "100", "--seed", "1", "--out", out]);
    expect(fuzz.stderr).toBe("");
    expect(fuzz.status).toBe(1);
    expect(fuzz.stdout).toMatch(/^failure at scenario \d+ \(seed 1\), shrunk in \d+ steps to 3 peer\(s\), 1 client\(s\), 1 fault\(s\), the last at 0 ms:\nFatal: leader completeness violated: raft-\d leads term \d+ but has /);
    const scenario = join(out, "my-raft-seed1.json");
    expect(fuzz.stdout).toContain(`  replay:     npx kvlab replay ${scenario}\n`);
    const recorded = JSON.parse(readFileSync(scenario, "utf8")) as { lab: string; implementation: string; expect: { message: string; traceHash: string; regression: boolean } };
    expect([recorded.lab, recorded.implementation, recorded.expect.regression]).toEqual(["raft", "../my-raft.ts", true]);

    const pages = ["--pages", join(dir, "runs")];
    const still = await builtKvlab([], ["replay", scenario, ...pages]);
    expect(still.stdout).toContain(`still failing, as recorded: ${recorded.expect.message}, trace ${recorded.expect.traceHash}\n`);
    expect(still.status).toBe(1);

    writeFileSync(module, `export { raftReference as default } from ${JSON.stringify(join(repo, "src", "labs", "raft", "index.ts"))};\n`);
    const fixed = await builtKvlab([], ["replay", scenario, ...pages]);
    expect(fixed.stdout).toContain(`fixed: the failure this regression scenario recorded no longer occurs (it was: ${recorded.expect.message}, trace ${recorded.expect.traceHash})\n`);
    expect(fixed.status).toBe(0);
  });

  it("fuzzes the reference without a failure", async () => {
    const run = await builtKvlab([], ["fuzz", "--lab", "raft", "--runs", "30", "--out", tempDir("kvlab-fuzz-raft-")]);
    expect(run.stdout).toMatch(/^no failure in 30 scenarios \(seed 1, [\d.]+s\)\n$/);
    expect(run.status).toBe(0);
  });

  it("replays a shipped Raft scenario exactly: its recorded verdict and trace hash", async () => {
    const path = join("scenarios", "raft", "majority-crash-and-restart.json");
    const { expect: recorded } = JSON.parse(readFileSync(join(repo, path), "utf8")) as { expect: { traceHash: string } };
    const run = await builtKvlab([], ["replay", path]);
    expect(run.stdout).toMatch(/^Three of five peers crash, .* \(reliable network\)\.\.\.\n {2}\.\.\. Passed -- {2}time {2}5\.1s #peers 5 /);
    expect(run.stdout).toContain(`reproduced: pass, trace ${recorded.traceHash}\n`);
    expect(run.status).toBe(0);
  });

  it("refuses a Raft scenario with a bad field: one line naming the file and the field, exit 3", async () => {
    const path = join(tempDir("kvlab-replay-raft-"), "bad.json");
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(join(repo, "scenarios", "raft", "majority-crash-and-restart.json"), "utf8")), peers: 9 }));
    const run = await builtKvlab([], ["replay", path]);
    expect([run.stdout, run.stderr, run.status]).toEqual(["", `kvlab replay: ${path}: peers: at most 7 peers\n`, 3]);
  });
});
