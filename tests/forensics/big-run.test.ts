import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { allTests, loadImplementation } from "../../src/index.js";
import { reportFailure } from "../../src/lab/forensics/report-failure.js";
import { SHOWN_MESSAGES, SHOWN_OPERATIONS } from "../../src/lab/forensics/run-window.js";
import { repo } from "../support/run-cli.js";
import { tempDir } from "../support/temp-dir.js";

const test = (name: string) => allTests.find((t) => t.name === name)!;

describe("a failed run of 20,000 clerks", () => {
  it("gets a page that draws a window around the failure and summarises the rest, in a bounded size", async () => {
    const impl = await loadImplementation(join(repo, "examples/kv/buggy/server-remembers-puts.ts"));
    const dir = tempDir();
    const explained = await reportFailure(impl, test("TestMemPutManyClientsReliable"), 1, { rerun: "kvlab test", dir });
    const html = readFileSync(explained.page!, "utf8");
    // Bounded by structure: so many boxes and arrows at most, whatever the run's size.
    expect(html.match(/<g class="op /g)!.length).toBeLessThanOrEqual(SHOWN_OPERATIONS);
    expect(html.match(/<g class="msg /g)!.length).toBeLessThanOrEqual(SHOWN_MESSAGES);
    expect(statSync(explained.page!).size).toBeLessThan(3_000_000);
    expect(html).toMatch(/This run is too big to draw whole: the chart below draws 300 of its 40,\d{3} operations/);
    expect(html).toMatch(/<caption>operations by kind<\/caption><tr><th>kind<\/th><th>count<\/th><\/tr>(<tr><td>put → (OK|ErrNoKey)<\/td><td>20,\d{3}<\/td><\/tr>){2}<\/table>/);
    expect(html).toMatch(/<td>19,9\d\d other clients<\/td><td>39,9\d\d<\/td>/);
    // The window is where it failed: the last clerks' puts.
    expect(html).toMatch(/data-lane="clerk-20,?0\d\d"/);
    expect(html).not.toContain('data-lane="clerk-1"');
  });

  it("is explained by what grew: the server's table, per client", async () => {
    const impl = await loadImplementation(join(repo, "examples/kv/buggy/server-remembers-puts.ts"));
    const explained = await reportFailure(impl, test("TestMemPutManyClientsReliable"), 1, { rerun: "kvlab test", dir: tempDir() });
    const text = stripVTControlCharacters(explained.lines.join("\n"));
    expect(text).toMatch(/^The server object holds [\d,]+ bytes by the lab's walk .*, [\d,.]+ per client after 20,\d{3} clients\. Its biggest parts:$/m);
    expect(text).toMatch(/^ {2}- server\.answered: a Map of 20,\d{3} entries \(about 1,0\d\d bytes each\), [\d,]+ bytes, 1,0\d\d(\.\d)? per client$/m);
  });
});
