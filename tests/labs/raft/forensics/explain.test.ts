import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { renderRunView } from "../../../../src/check/index.js";
import { loadImplementation, reportFailure, runInWorld, type Lab, type Run } from "../../../../src/harness/index.js";
import { raftLab, raftReference, type RaftImplementation } from "../../../../src/labs/raft/index.js";
import type { RaftWorld } from "../../../../src/labs/raft/world/index.js";
import { allRaftTests } from "../suites/test-lab.js";
import { commitsByCounting, votesForAnyLog } from "./buggy.js";

const figure8 = allRaftTests.find((definition) => definition.name === "TestFigure8Unreliable3C")!;
const runOf = (impl: RaftImplementation, seed: number): Run => ({ lab: raftLab as Lab, impl, definition: figure8 as never, seed, options: {} });
const explain = async (impl: RaftImplementation, seed: number) => {
  const explanation = (await raftLab.explain!(runOf(impl, seed) as Run<RaftImplementation>))!;
  return { ...explanation, text: explanation.lines.map((line) => stripVTControlCharacters(line)) };
};

describe("a failed Raft run explains itself in Raft's terms", () => {
  it("a vote granted without the up-to-date check (TestFigure8Unreliable3C, seed 1): the failure, the first disagreement, where it began, the entries and their RPCs, the logs, the timeline", async () => {
    const { text } = await explain(votesForAnyLog, 1);
    expect(text[0]).toMatch(/^Fatal: apply error: commit index=2 server=3 4463 != server=4 1262 \(at [\d.]+ms\)$/);
    const at = (pattern: RegExp) => text.findIndex((line) => pattern.test(line));
    // The first instant two peers decided differently at index 2, and the RPC where it began:
    // raft-3, the stale leader of term 1, won term 8 and overwrote the committed 1262 on raft-1.
    expect(text[1]).toMatch(/^The first disagreement, at [\d.]+ms, at index 2:$/);
    expect(text[2]).toMatch(/^ {2}raft-2 applied 1262 at [\d.]+ms$/);
    expect(text[3]).toMatch(/^ {2}raft-3 applied 4463 at [\d.]+ms$/);
    expect(text[4]).toMatch(/^ {2}it began at [\d.]+ms, when raft-1 took 4463 for index 2 after 1262 was decided there:$/);
    expect(text[5]).toMatch(/^ {4}raft-3's appendEntries to raft-1 in term 8 at [\d.]+ms \(reply \{"term":8,"success":true/);
    // Each entry: the leader whose start took it, and the RPCs that carried it.
    expect(text[at(/^The conflicting entries/) + 1]).toMatch(/^ {2}index 2 = 1262 \(term 5\): raft-2 took it as leader of term 5 at [\d.]+ms; 3 RPCs carried it$/);
    expect(text).toContainEqual(expect.stringMatching(/^ {2}index 2 = 4463 \(term 1\): raft-3 took it as leader of term 1 at [\d.]+ms; 5 RPCs carried it$/));
    expect(text).toContainEqual(expect.stringMatching(/^ {4}raft-2's appendEntries to raft-4 in term 5 at /));
    // The logs: a column per peer, ✗ where committed or applied values differ; raft-1 holds 4463 where the tester applied 1262.
    const table = at(/^Each peer's log at the failure/);
    expect(text[table + 1]).toMatch(/^ +index {2}raft-0 +raft-1 +raft-2 +raft-3 +raft-4$/);
    expect(text).toContainEqual(expect.stringMatching(/^ {2}✗ +2 {2}3:6704 +1:4463 a=1262 +5:1262 a +1:4463 a +1:4463 a=1262$/));
    expect(text).toContainEqual(expect.stringMatching(/^ +commit {2}0 +3 +3 +64 +3$/));
    // The timeline: elections, roles by term, disconnections.
    const timeline = text.slice(at(/^Terms, roles and faults up to the failure:$/));
    expect(timeline).toContainEqual(expect.stringMatching(/^ +[\d.]+ms {2}raft-3 leader of term 8$/));
    expect(timeline).toContainEqual(expect.stringMatching(/^ +[\d.]+ms {2}raft-3 candidate in term 8$/));
    expect(timeline).toContainEqual(expect.stringMatching(/^ +[\d.]+ms {2}raft-2 disconnected$/));
    expect(timeline).toContainEqual(expect.stringMatching(/^ +[\d.]+ms {2}raft-3 reconnected$/));
  });

  it("an earlier term's entry committed by counting replicas (seed 11): the entry of term 6 carried, and taken, in term 11", async () => {
    const { text } = await explain(commitsByCounting, 11);
    expect(text[0]).toMatch(/^Fatal: apply error: commit index=7 server=3 6793 != server=2 3147 /);
    expect(text).toContainEqual(expect.stringMatching(/^ {2}index 7 = 3147 \(term 6\): raft-0 took it as leader of term 6 at [\d.]+ms; 6 RPCs carried it$/));
    expect(text).toContainEqual(expect.stringMatching(/^ {4}raft-0's appendEntries to raft-2 in term 11 at [\d.]+ms \(reply \{"term":11,"success":true/));
    expect(text).toContainEqual(expect.stringMatching(/^ {2}index 7 = 6793 \(term 9\): raft-3 took it as leader of term 9 /));
  });

  it("its page is standalone HTML with the peers as lanes, terms and roles as bands, faults as markers and the RPCs that carried the conflicting entries marked", async () => {
    const { view } = await explain(votesForAnyLog, 1);
    expect(view!.lanes).toEqual(["raft-0", "raft-1", "raft-2", "raft-3", "raft-4"]);
    expect(view!.bands).toContainEqual(expect.objectContaining({ lane: "raft-3", kind: "leader", label: "term 8 leader" }));
    expect(view!.bands).toContainEqual(expect.objectContaining({ lane: "raft-3", kind: "disagreement", label: "index 2: 1262 ≠ 4463" }));
    expect(view!.markers).toContainEqual(expect.objectContaining({ kind: "partition", label: "raft-2 disconnected" }));
    expect(view!.messages.filter((message) => message.details.carries === "index 2 = 4463, a conflicting entry")).toHaveLength(5);
    // A cut-off peer's calls that never left are counted, not drawn.
    expect(view!.messages.some((message) => message.fate === "unreachable")).toBe(false);
    expect(view!.explanation.at(-1)).toMatch(/^\(\d+ calls that could not reach their peer, a disconnected or crashed one, are not drawn\)$/);
    const page = renderRunView(view!);
    expect(page.startsWith("<!doctype html>")).toBe(true);
    expect(page).not.toMatch(/\b(src|href)=|https?:/);
    for (const kind of ["follower", "candidate", "leader", "disagreement"]) expect(page).toMatch(new RegExp(`<i class="swatch band-\\d"></i>${kind}<`));
    expect(page).toContain('<div class="band-text">term 8 leader</div>');
  });

  it("is the same every time (the run is re-run at its seed)", async () => {
    const [a, b] = [await explain(commitsByCounting, 11), await explain(commitsByCounting, 11)];
    expect(b).toEqual(a);
  });

  it("a Raft without inspect() that never elects (the skeleton kvlab init writes): the failure and each peer's term, with no logs to show", async () => {
    const skeleton = await loadImplementation<RaftImplementation>(raftLab, "examples/raft/my-raft.ts");
    const election = allRaftTests.find((definition) => definition.name === "TestInitialElection3A")!;
    const explanation = (await raftLab.explain!({ ...runOf(skeleton, 1), definition: election } as Run<RaftImplementation>))!;
    expect(explanation.lines).toEqual([
      expect.stringMatching(/^Fatal: expected one leader, got none \(at [\d.]+ms\)$/),
      expect.stringMatching(/Terms, roles and faults up to the failure:/),
      expect.stringMatching(/^ +[\d.]+ms {2}raft-\d in term 0, not leading$/),
      expect.stringMatching(/^ +[\d.]+ms {2}raft-\d in term 0, not leading$/),
      expect.stringMatching(/^ +[\d.]+ms {2}raft-\d in term 0, not leading$/),
    ]);
    expect(explanation.view!.bands!.map((band) => band.kind)).toEqual(["not leader", "not leader", "not leader"]);
  });

  it("a run that passes explains nothing", async () => {
    expect(await raftLab.explain!(runOf(raftReference, 1) as Run<RaftImplementation>)).toBeUndefined();
  });

  it("a failure report writes the page beside the lines", async () => {
    const dir = mkdtempSync(join(tmpdir(), "raft-page-"));
    const report = await reportFailure(runOf(votesForAnyLog, 1), { dir });
    expect(report.page).toBe(join(dir, "TestFigure8Unreliable3C-seed1.html"));
    expect(readFileSync(report.page!, "utf8")).toContain("apply error: commit index=2 server=3 4463 != server=4 1262");
  });
});

describe("the Raft lab's trace lines", () => {
  it("add each RPC's arguments to its send and its reply to its reply", async () => {
    const { world } = await runInWorld<RaftWorld>({ ...runOf(votesForAnyLog, 1), options: { trace: true, forensics: true } });
    const lines = raftLab.traceLines!(world!);
    expect(lines.length).toBe(world!.sim.trace.events!.length);
    expect(lines).toContainEqual(expect.stringMatching(/ send raft-3\.1->raft-0#1 requestVote→raft-0 {2}args \{"term":1,"candidateId":3,"lastLogIndex":0,"lastLogTerm":0\}$/));
    expect(lines).toContainEqual(expect.stringMatching(/ reply raft-3\.1->raft-0#1 requestVote→raft-0 {2}reply \{"term":1,"voteGranted":true\}$/));
  });
});
