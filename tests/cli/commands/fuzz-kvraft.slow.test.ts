// kvlab fuzz --lab kvraft and kvlab replay on replicated KV scenarios, end to end, as a student's
// shell runs the built kvlab: the fuzzer finds a KV layer that reads its own table, shrinks the
// plan, explains the stale read through both layers and writes a regression scenario; replaying it
// says it still fails, and fixed once the module is a correct KV layer.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtKvlab, repo } from "../../support/run-cli.js";
import { tempDir } from "../../support/temp-dir.js";

const buggy = join(repo, "examples", "kvraft", "buggy", "reads-locally.ts");

describe("kvlab fuzz --lab kvraft and kvlab replay", () => {
  it("finds a server that reads its own table, shrinks it, writes the scenario, and replay says still failing, then fixed", async () => {
    const dir = tempDir("kvlab-fuzz-kvraft-");
    const module = join(dir, "my-kvraft.ts");
    writeFileSync(module, `export { default } from ${JSON.stringify(buggy)};\n`);
    const out = join(dir, "found");
    const fuzz = await builtKvlab([], ["fuzz", "--lab", "kvraft", "--impl", module, "--runs", "200", "--seed", "1", "--out", out]);
    expect(fuzz.stderr).toBe("");
    expect(fuzz.status).toBe(1);
    expect(fuzz.stdout).toMatch(/^failure at scenario 92 \(seed 1\), shrunk in \d+ steps to 3 server\(s\), 1 client\(s\), 1 fault\(s\), the last at 910 ms:\nFatal: history is not linearizable\n/);
    const scenario = join(out, "my-kvraft-seed1.json");
    expect(fuzz.stdout).toContain(`  replay:     npx kvlab replay ${scenario}\n`);
    const recorded = JSON.parse(readFileSync(scenario, "utf8")) as { lab: string; implementation: string; faults: unknown[]; expect: { message: string; traceHash: string; regression: boolean } };
    expect([recorded.lab, recorded.implementation, recorded.faults, recorded.expect.regression]).toEqual(["kvraft", "../my-kvraft.ts", [{ atMs: 910, action: "disconnect", peer: 0 }], true]);

    const pages = ["--pages", join(dir, "runs")];
    const still = await builtKvlab([], ["replay", scenario, ...pages]);
    expect(still.stdout).toContain(`still failing, as recorded: ${recorded.expect.message}, trace ${recorded.expect.traceHash}\n`);
    expect(still.status).toBe(1);

    writeFileSync(module, `export { kvraftReference as default } from ${JSON.stringify(join(repo, "src", "labs", "kvraft", "index.ts"))};\n`);
    const fixed = await builtKvlab([], ["replay", scenario, ...pages]);
    expect(fixed.stdout).toContain(`fixed: the failure this regression scenario recorded no longer occurs (it was: ${recorded.expect.message}, trace ${recorded.expect.traceHash})\n`);
    expect(fixed.status).toBe(0);
  });

  it("fuzzes the reference without a failure", async () => {
    const run = await builtKvlab([], ["fuzz", "--lab", "kvraft", "--runs", "50", "--out", tempDir("kvlab-fuzz-kvraft-")]);
    expect(run.stdout).toMatch(/^no failure in 50 scenarios \(seed 1, [\d.]+s\)\n$/);
    expect(run.status).toBe(0);
  });

  it("replays a shipped replicated KV scenario exactly: its recorded verdict and trace hash", async () => {
    const path = join("scenarios", "kvraft", "majority-crash-and-restart.json");
    const { expect: recorded } = JSON.parse(readFileSync(join(repo, path), "utf8")) as { expect: { traceHash: string } };
    const run = await builtKvlab([], ["replay", path]);
    expect(run.stdout).toMatch(/^Three of five servers crash .* \(reliable network\)\.\.\.\n {2}\.\.\. Passed -- {2}time {2}4\.1s #peers 5 /);
    expect(run.stdout).toContain(`reproduced: pass, trace ${recorded.traceHash}\n`);
    expect(run.status).toBe(0);
  });

  it("refuses a replicated KV scenario with a bad field: one line naming the file and the field, exit 3", async () => {
    const path = join(tempDir("kvlab-replay-kvraft-"), "bad.json");
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(join(repo, "scenarios", "kvraft", "majority-crash-and-restart.json"), "utf8")), maxRaftState: -5 }));
    const run = await builtKvlab([], ["replay", path]);
    expect([run.stdout, run.stderr, run.status]).toEqual(["", `kvlab replay: ${path}: maxRaftState: a number of bytes, or -1 for no snapshots\n`, 3]);
  });
  it("--raft: fuzzes the KV layer over the Raft given, records that Raft in the scenario, and replay runs over it (or over another --raft)", async () => {
    const dir = tempDir("kvlab-fuzz-kvraft-raft-");
    const raft = join(repo, "examples", "raft", "buggy", "heartbeats-too-often.ts");
    const out = join(dir, "found");
    const fuzz = await builtKvlab([], ["fuzz", "--lab", "kvraft", "--impl", buggy, "--raft", raft, "--seed", "1", "--out", out]);
    expect(fuzz.stderr).toBe("");
    expect(fuzz.status).toBe(1);
    const scenario = join(out, "reads-locally-seed1.json");
    const recorded = JSON.parse(readFileSync(scenario, "utf8")) as { parts: Record<string, string>; expect: { traceHash: string } };
    expect(join(out, recorded.parts["raft"]!)).toBe(raft);
    const pages = ["--pages", join(dir, "runs")];
    const still = await builtKvlab([], ["replay", scenario, ...pages]);
    expect(still.stdout).toContain(`trace ${recorded.expect.traceHash}\n`);
    expect(still.status).toBe(1);
    const other = await builtKvlab([], ["replay", scenario, "--raft", join(repo, "examples", "raft", "my-raft.ts"), ...pages]);
    expect(other.stdout).toContain("traces diverge at event");
    expect(other.stdout).not.toContain(`trace ${recorded.expect.traceHash}\n`);
  });

  it("refuses --raft for a lab that takes no Raft, in one line, exit 3: fuzz by its --lab, replay by its file's lab", async () => {
    const fuzz = await builtKvlab([], ["fuzz", "--lab", "raft", "--raft", "x.ts"]);
    expect([fuzz.status, fuzz.stderr.trim().split("\n").at(-1)]).toEqual([3, "kvlab: --raft is for the kvraft lab, not the raft lab"]);
    const replay = await builtKvlab([], ["replay", join("scenarios", "raft", "leader-partitioned-then-healed.json"), "--raft", "examples/raft/my-raft.ts"]);
    expect([replay.status, replay.stderr]).toEqual([3, "kvlab replay: --raft: the raft lab has no raft part (it takes none)\n"]);
  });
});
