import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { renderRunView, SHOWN_MESSAGES } from "../../../../src/check/index.js";
import { loadImplementation, reportFailure, runInWorld, type Lab, type Run } from "../../../../src/harness/index.js";
import { kvraftLab } from "../../../../src/labs/kvraft/index.js";
import { raftLab, type RaftImplementation } from "../../../../src/labs/raft/index.js";
import type { KvRaftImpl, KvRaftWorld } from "../../../../src/labs/kvraft/world/index.js";
import { allKvRaftTests } from "../suites/test-lab.js";
import { buggyExample, putsWithoutVersionCheck } from "./buggy.js";

const readsLocally = await buggyExample("reads-locally.ts");
const answersForAnyOp = await buggyExample("answers-any-op.ts");

const test = (name: string) => allKvRaftTests.find((definition) => definition.name === name)!;
const runOf = (impl: KvRaftImpl, name: string, seed: number): Run => ({ lab: kvraftLab as Lab, impl, definition: test(name) as never, seed, options: {} });
const explain = async (impl: KvRaftImpl, name: string, seed: number) => {
  const explanation = (await kvraftLab.explain!(runOf(impl, name, seed) as Run<KvRaftImpl>))!;
  return { ...explanation, text: explanation.lines.map((line) => stripVTControlCharacters(line)) };
};
const MS = "[\\d.]+ms";

describe("a failed replicated KV run explains itself through both layers", () => {
  it("a server that reads its own table (TestOnePartition4B, seed 1): the minority's Get answered by the cut-off leader without a start(), beside the majority's entries, and Raft's terms and partition", async () => {
    const { text } = await explain(readsLocally, "TestOnePartition4B", 1);
    expect(text[0]).toMatch(new RegExp(`^Fatal: Get in minority completed with version = 1 \\(at ${MS}\\)$`));
    expect(text[1]).toBe("The clerk calls nearest the failure, each with its attempts, the server that took it into Raft and its log entry:");
    const at = (pattern: RegExp) => text.findIndex((line) => pattern.test(line));
    // The minority's Get: the clerk searched, then server-4 (leader of term 1, cut off) answered it from its table.
    const get = at(new RegExp(`^ {2}clerk-4 Get\\("1"\\) → \\("13", 1, OK\\) {2}\\[${MS}–${MS}\\]$`));
    expect(get).toBeGreaterThan(0);
    expect(text[get + 1]).toMatch(/^ {6}8 attempts found no leader \(6 server unreachable, 1 ErrWrongLeader, 1 request lost\); the others:$/);
    expect(text[get + 2]).toMatch(new RegExp(`^ {6}attempt 5 \\(clerk-4->server-4#1\\): executed at ${MS} \\(server replied OK\\), reply lost$`));
    expect(text[get + 3]).toBe("        server-4 answered OK without taking it into its Raft log (no start() carried it while its handler ran)");
    // The majority's Put went through the log: its index, term, commit and applies.
    expect(text).toContainEqual(expect.stringMatching(new RegExp(`^ {8}server-1 took it: start\\(\\) gave index 2 in term 4 at ${MS}; committed at ${MS}; applied on server-1 \\(${MS}\\), server-0 \\(${MS}\\), server-2 \\(${MS}\\)$`)));
    // A call still under way at the failure is listed too.
    expect(text).toContainEqual(expect.stringMatching(new RegExp(`^ {2}clerk-3 Put\\("1", "15", 2\\) {2}\\[called at ${MS}, still waiting at the failure\\]$`)));
    expect(text[at(/^Cause:$/) + 1]).toMatch(/^ {2}- 3 answers came from a server whose handler took nothing into Raft .*; the first: server-1 answered clerk-2's Get\("1"\) with OK at [\d.]+ms \(message clerk-2->server-1#5\)$/);
    expect(text[at(/^What each server had applied at the failure:$/) + 1]).toBe("  server-0 up to index 2; server-1 up to index 2; server-2 up to index 2; server-3 up to index 1; server-4 up to index 1");
    const timeline = text.slice(at(/^Raft's terms, roles and the faults up to the failure/));
    expect(timeline).toContainEqual(expect.stringMatching(new RegExp(`^ +${MS} {2}server-4 leader of term 1$`)));
    expect(timeline).toContainEqual(expect.stringMatching(new RegExp(`^ +${MS} {2}partition server-0,server-1,server-2 \\| server-3,server-4$`)));
    expect(timeline).toContainEqual(expect.stringMatching(new RegExp(`^ +${MS} {2}server-1 leader of term 4$`)));
  });

  it("the same bug at seeds 2 and 3: the Get in the minority, answered outside the log", async () => {
    for (const seed of [2, 3]) {
      const { text } = await explain(readsLocally, "TestOnePartition4B", seed);
      expect(text[0]).toMatch(/^Fatal: Get in minority completed with version = \d+ /);
      expect(text).toContainEqual(expect.stringMatching(/^ {8}server-\d answered OK without taking it into its Raft log/));
    }
  });

  it("a server that applies a put without the version check (TestConcurrent4B, seed 1): the smallest illegal history, two puts at version 0 both OK, each taken into Raft at its own index and applied everywhere", async () => {
    const { text } = await explain(putsWithoutVersionCheck, "TestConcurrent4B", 1);
    expect(text[0]).toMatch(new RegExp(`^Fatal: history is not linearizable \\(at ${MS}\\)$`));
    expect(text[1]).toMatch(/^The smallest part of the history that is still not linearizable \(key "k": 2 of 257 operations as recorded, \d+ more only as writes that may have applied\), each call with its attempts, the server that took it into Raft and its log entry:$/);
    expect(text[2]).toMatch(new RegExp(`^ {2}clerk-2 Put\\("k", ".*", 0\\) → OK {2}\\[${MS}–${MS}\\]$`));
    expect(text[3]).toBe("      19 attempts found no leader (19 ErrWrongLeader); the others:");
    expect(text[4]).toMatch(new RegExp(`^ {6}attempt 20 \\(clerk-2->server-4#4\\): executed at ${MS}–${MS} \\(server replied OK\\), answered at ${MS}$`));
    expect(text[5]).toMatch(new RegExp(`^ {8}server-4 took it: start\\(\\) gave index 4 in term 1 at ${MS}; committed at ${MS}; applied on (server-\\d \\(${MS}\\)(, )?){5}$`));
    expect(text[6]).toMatch(new RegExp(`^ {2}clerk-3 Put\\("k", ".*", 0\\) → OK {2}\\[${MS}–${MS}\\]$`));
    expect(text[9]).toMatch(/^ {8}server-4 took it: start\(\) gave index 5 in term 1 at /);
    expect(text).toContainEqual(expect.stringMatching(new RegExp(`^ +${MS} {2}server-4 leader of term 1$`)));
    // Every answer went through the log: no cause of that kind is named.
    expect(text).not.toContain("Cause:");
  });

  it("an rsm that answers for whatever Op took its index (TestLeaderPartition4A, seed 1): no clerk calls, so the entry that lost its index to another command at the failure's instant, the last entries, and Raft's terms and partition", async () => {
    const { text, view } = await explain(answersForAnyOp, "TestLeaderPartition4A", 1);
    expect(text[0]).toMatch(new RegExp(`^Fatal: Submit \\d+ in minority completed \\{"kind":"IncRep","n":2\\} \\(at ${MS}\\)$`));
    const failedAt = /\(at ([\d.]+)ms\)$/.exec(text[0]!)![1]!;
    expect(text[1]).toBe("Entries a leader's start() took whose index another command then took, nearest the failure first:");
    expect(text[2]).toMatch(new RegExp(`^ {2}server-2's start\\(\\) gave \\{"id":"[^"]+","req":\\{"kind":"Dec"\\}\\} index 2 in term 1 at ${MS}; lost its place: server-2 applied \\{"id":"[^"]+","req":\\{"kind":"Inc"\\}\\} at index 2 \\(${failedAt.replace(".", "\\.")}ms\\)$`));
    expect(text).toContain("The last entries a leader's start() took, and where they were applied:");
    expect(text).toContainEqual(expect.stringMatching(new RegExp(`^ +${MS} {2}partition server-0,server-1 \\| server-2$`)));
    expect(view!.lanes).toEqual(["server-0", "server-1", "server-2"]);
    expect(view!.operations).toEqual([]);
  });

  it("a clerk that trusts ErrWrongLeader (TestPersistPartition4B, seed 1): the count check's failure, with the put it reported failed though an earlier attempt of it was applied", async () => {
    const { text } = await explain(await buggyExample("clerk-trusts-wrong-leader.ts"), "TestPersistPartition4B", 1);
    expect(text[0]).toMatch(new RegExp(`^Fatal: Unreliable: Wrong number of puts: server 102 clnts \\{101 0\\} \\(at ${MS}\\)$`));
    expect(text[text.indexOf("Cause:") + 1]).toMatch(
      new RegExp(`^ {2}- 2 puts returned ErrVersion though an earlier attempt had been taken into Raft and applied, so the put happened \\(after a resend the clerk must answer ErrMaybe\\); the first: clerk-\\d+'s Put\\("k", ".*", \\d+\\), whose attempt \\d+ server-\\d took at index \\d+ in term \\d+ \\(${MS}\\), applied on server-\\d at ${MS}$`),
    );
  });

  it("an rsm that never snapshots (TestSnapshotSize4C, seed 1): the failing step's text, the last calls through the log, what each server applied, the single term", async () => {
    const { text } = await explain(await buggyExample("never-snapshots.ts"), "TestSnapshotSize4C", 1);
    expect(text[0]).toMatch(new RegExp(`^Fatal: logs were not trimmed \\(56691 > 8\\*1000\\) \\(at ${MS}\\)$`));
    expect(text[2]).toMatch(new RegExp(`^ {2}clerk-1 Put\\("x", "1", 397\\) → OK {2}\\[${MS}–${MS}\\]$`));
    expect(text[4]).toMatch(/^ {8}server-2 took it: start\(\) gave index 795 in term 1 at /);
    expect(text).toContain("  server-0 up to index 799; server-1 up to index 799; server-2 up to index 800");
    expect(text).not.toContain("Cause:");
    expect(text.at(-1)).toMatch(new RegExp(`^ +${MS} {2}server-2 leader of term 1$`));
  });

  it("its page is standalone HTML: a row per clerk, a lane per server with Raft's terms as bands, the partition as a marker, the calls with their attempts, messages windowed", async () => {
    const { view } = await explain(readsLocally, "TestOnePartition4B", 1);
    expect(view!.lanes).toEqual(["clerk-1", "clerk-2", "clerk-3", "clerk-4", "server-0", "server-1", "server-2", "server-3", "server-4"]);
    expect(view!.bands).toContainEqual(expect.objectContaining({ lane: "server-4", kind: "leader", label: "term 1 leader" }));
    expect(view!.bands).toContainEqual(expect.objectContaining({ lane: "server-1", kind: "leader", label: "term 4 leader" }));
    expect(view!.markers).toContainEqual(expect.objectContaining({ kind: "partition", label: "partition server-0,server-1,server-2 | server-3,server-4" }));
    const minorityGet = view!.operations.find((op) => op.lane === "clerk-4")!;
    expect(minorityGet).toMatchObject({ role: "unplaced", label: 'Get("1") → ("13", 1, OK)' });
    expect(minorityGet.details["attempt 10"]).toMatch(/server-4 answered OK without taking it into its Raft log/);
    // Clerk messages carry the operation they served; Raft's between servers are drawn too.
    expect(view!.messages.some((message) => message.from === "clerk-4" && message.operation === minorityGet.id)).toBe(true);
    expect(view!.messages.some((message) => message.from === "server-1" && message.details.method === "appendEntries")).toBe(true);
    expect(view!.messages.some((message) => message.fate === "unreachable" && message.operation === undefined)).toBe(false);
    const page = renderRunView(view!);
    expect(page.startsWith("<!doctype html>")).toBe(true);
    expect(page).not.toMatch(/\b(src|href)=|https?:/);
    expect(page).toContain('<div class="band-text">term 4 leader</div>');
  });

  it("a big run's page draws a window and counts the rest", async () => {
    const { view } = await explain(putsWithoutVersionCheck, "TestConcurrent4B", 1);
    expect(view!.messages.length).toBeLessThanOrEqual(SHOWN_MESSAGES);
    expect(view!.rest!.total.messages).toBeGreaterThan(view!.messages.length);
    expect(view!.operations.filter((op) => op.role === "unplaced").map((op) => op.lane)).toEqual(["clerk-2", "clerk-3"]);
  });

  it("is the same every time (the run is re-run at its seed)", async () => {
    const [a, b] = [await explain(readsLocally, "TestOnePartition4B", 2), await explain(readsLocally, "TestOnePartition4B", 2)];
    expect(b).toEqual(a);
  });

  it("the skeleton KV layer (kvlab init --lab kvraft): nothing ever taken into the log, said so, beside Raft's election", async () => {
    const { text } = await explain(await loadImplementation<KvRaftImpl>(kvraftLab as Lab<KvRaftImpl>, "examples/kvraft/my-kvraft.ts"), "TestBasic4A", 1);
    expect(text.slice(0, 2)).toEqual([
      "Fatal: oneInc: Inc was not committed within 10 seconds (runtime error: invalid memory address or nil pointer dereference) (at 10000.000ms)",
      "No server's layer called start() on its Raft peer: nothing was taken into the log.",
    ]);
    expect(text.at(-1)).toMatch(new RegExp(`^ +${MS} {2}server-\\d leader of term 1$`));
  });

  it("the reference KV layer over the Raft lab's skeleton, whose start() answers (-1, -1, true): no entry taken into a log, said so", async () => {
    const raft = await loadImplementation<RaftImplementation>(raftLab as Lab<RaftImplementation>, "examples/raft/my-raft.ts");
    const { text } = await explain({ ...kvraftLab.reference, raft }, "TestBasic4A", 1);
    expect(text[1]).toMatch(/^None of the \d+ start\(\) calls took an entry into a log: each answered not leading, or an index below 1 \(the first: server-\d's answered index -1, term -1, isLeader true\)\.$/);
    expect(text.at(-1)).toMatch(new RegExp(`^ +${MS} {2}server-2 in term 0, not leading$`));
  });

  it("a run that passes explains nothing", async () => {
    expect(await kvraftLab.explain!(runOf(kvraftLab.reference, "TestOnePartition4B", 1) as Run<KvRaftImpl>)).toBeUndefined();
  });

  it("a failure report writes the page beside the lines", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kvraft-page-"));
    const report = await reportFailure(runOf(readsLocally, "TestOnePartition4B", 1), { dir });
    expect(report.page).toBe(join(dir, "TestOnePartition4B-seed1.html"));
    expect(readFileSync(report.page!, "utf8")).toContain("Get in minority completed with version = 1");
  });
});

describe("the replicated KV lab's trace lines", () => {
  it("add each RPC's arguments and reply, the clerks' and Raft's", async () => {
    const { world } = await runInWorld<KvRaftWorld>({ ...runOf(readsLocally, "TestOnePartition4B", 1), options: { trace: true, forensics: true } });
    const lines = kvraftLab.traceLines!(world!);
    expect(lines.length).toBe(world!.sim.trace.events!.length);
    expect(lines).toContainEqual(expect.stringMatching(/ send clerk-1->server-0#1 put→server-0 {2}args \{"key":"1","value":"13","version":0\}$/));
    expect(lines).toContainEqual(expect.stringMatching(/ reply clerk-1->server-0#1 put→server-0 {2}reply \{"err":"ErrWrongLeader"\}$/));
    expect(lines).toContainEqual(expect.stringMatching(/ send server-\d\.1->server-\d#\d+ requestVote→server-\d {2}args \{"term":1,/));
  });
});
