import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { allTests, loadImplementation } from "../../../../src/index.js";
import { reportFailure } from "../../../../src/harness/index.js";
import { kvRun } from "../../../support/kv-run.js";
import { SHOWN_MESSAGES, SHOWN_OPERATIONS } from "../../../../src/check/view/run-window.js";
import { repo } from "../../../support/run-cli.js";
import { tempDir } from "../../../support/temp-dir.js";

const test = (name: string) => allTests.find((t) => t.name === name)!;

describe("a failed run of tens of thousands of clerks", () => {
  it("gets a page that draws a window around the failure and summarises the rest, in a bounded size", async () => {
    const impl = await loadImplementation(join(repo, "examples/kv/buggy/server-remembers-puts.ts"));
    const dir = tempDir();
    const explained = await reportFailure(kvRun(impl, test("TestMemPutManyClientsReliable"), 1), { rerun: "kvlab test", dir });
    const html = readFileSync(explained.page!, "utf8");
    // Bounded by structure: so many boxes and arrows at most, whatever the run's size.
    expect(html.match(/<g class="op /g)!.length).toBeLessThanOrEqual(SHOWN_OPERATIONS);
    expect(html.match(/<g class="msg /g)!.length).toBeLessThanOrEqual(SHOWN_MESSAGES);
    expect(statSync(explained.page!).size).toBeLessThan(3_000_000);
    expect(html).toMatch(/This run is too big to draw whole: the chart below draws 300 of its [\d,]{6,} operations/);
    expect(html).toMatch(/<caption>operations by kind<\/caption><tr><th>kind<\/th><th>count<\/th><\/tr>(<tr><td>put → (OK|ErrNoKey)<\/td><td>[\d,]{6,}<\/td><\/tr>){2}<\/table>/);
    expect(html).toMatch(/<td>[\d,]{6,} other clients<\/td><td>[\d,]{6,}<\/td>/);
    // The window is where it failed: the last clerks' puts.
    const lanes = [...html.matchAll(/data-lane="clerk-(\d+)"/g)].map((m) => Number(m[1]));
    expect(Math.min(...lanes)).toBeGreaterThan(10_000);
  });

  it("is explained by what grew: the server's table, per client", async () => {
    const impl = await loadImplementation(join(repo, "examples/kv/buggy/server-remembers-puts.ts"));
    const explained = await reportFailure(kvRun(impl, test("TestMemPutManyClientsReliable"), 1), { rerun: "kvlab test", dir: tempDir() });
    const text = stripVTControlCharacters(explained.lines.join("\n"));
    expect(text).toMatch(/^The server object holds [\d,]+ bytes by the lab's walk .*, [\d,.]+ per client after [\d,]{6,} clients\. Its biggest parts:$/m);
    expect(text).toMatch(/^ {2}- server\.answered: a Map of [\d,]{6,} entries \(about 1,0\d\d bytes each\), [\d,]+ bytes, 1,0\d\d(\.\d)? per client$/m);
  });
});

describe("a linearizability failure in a run of thousands of operations", () => {
  it("draws the smallest illegal part, wherever it lies in the run, and the operations around it", async () => {
    const impl = await loadImplementation(join(repo, "examples/kv/buggy/server-check-then-await.ts"));
    const explained = await reportFailure(kvRun(impl, test("TestPutConcurrentReliable"), 1), { rerun: "kvlab test", dir: tempDir() });
    const html = readFileSync(explained.page!, "utf8");
    expect(html).toMatch(/This run is too big to draw whole: the chart below draws 300 of its [\d,]{5,} operations/);
    // The explanation's two conflicting puts are the ones marked as the violation.
    const text = stripVTControlCharacters(explained.lines.join("\n"));
    const kept = [...text.matchAll(/^ {2}(clerk-\d+) Put\("k", .*, 0\) → OK {2}\[([\d.]+)–/gm)].map((m) => [m[1], m[2]]);
    expect(kept).toHaveLength(2);
    const unplaced = [...html.matchAll(/<g class="op unplaced" data-op="\d+" data-key="k" data-tip="([^"]*)"/g)].map((m) => m[1]!.replace(/&quot;/g, '"'));
    for (const [clerk, callMs] of kept) expect(unplaced.some((tip) => tip.includes(`["lane","${clerk}"]`) && tip.includes(`["called","${Number(callMs)} ms"]`))).toBe(true);
  });
});

