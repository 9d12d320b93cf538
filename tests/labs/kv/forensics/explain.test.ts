import { stripVTControlCharacters } from "node:util";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allTests, loadImplementation, reference } from "../../../../src/index.js";
import { explainFailure } from "../../../../src/labs/kv/forensics/explain-run.js";
import { kvRun } from "../../../support/kv-run.js";
import { investigate } from "../../../../src/labs/kv/forensics/investigate.js";
import { readScenario, scenarioImplementation, scenarioRun } from "../../../../src/labs/kv/index.js";
import { repo } from "../../../support/run-cli.js";

/** Each buggy example, a test that catches it, and the cause the explanation must name. */
const causes: [file: string, test: string, cause: RegExp][] = [
  ["clerk-never-errmaybe.ts", "TestUnreliableNet", /attempt \d was applied \(the server replied OK\) and its reply was lost; attempt \d got ErrVersion, and the clerk returned ErrVersion — after a resend it must return ErrMaybe/],
  ["clerk-gives-up-get.ts", "TestUnreliableNet", /Get\("k"\) by clerk-1 returned ErrNoKey without an answer: its last attempt \(clerk-1#\d+\) was .*; a clerk must resend until the server answers/],
  ["server-ignores-version.ts", "TestReliablePut", /the server applied Put\("k", "kvlab", 0\) by clerk-1 \(message clerk-1#3\) although the key was at version 1/],
  ["server-check-then-await.ts", "TestPutConcurrentReliable", /the server applied Put\("k", .*, 0\) by clerk-\d+ .* although the key was at version 1; its handler ran from [\d.]+ms to [\d.]+ms, so another put passed the same version check meanwhile \(check, then await, then act\)/],
  ["lock-ignores-errmaybe.ts", "TestManyClientsUnreliable", /returned ErrMaybe but was never applied .*; a caller that takes this ErrMaybe as success is wrong/],
  ["server-keeps-old-values.ts", "TestMemPutManyClientsReliable", /^ {2}- server\.\S+: (a Map|an array|a Set) of [\d,]+ (entries|items) \(about [\d,]+ bytes each\), [\d,]+ bytes, [\d,.]+ per client$/m],
  ["server-dedup-table-in-closure.ts", "TestMemPutManyClientsReliable", /^ {2}- lastAnswer \(at the top level of its module, used by put\): a Map of [\d,]+ entries \(about [\d,]+ bytes each\), [\d,]+ bytes, [\d,.]+ per client$/m],
  ["server-keeps-old-values-in-closure.ts", "TestMemPutManyClientsReliable", /^ {2}- replaced \(in the closure of createServer, used by \w+\): an array of [\d,]+ items \(about [\d,]+ bytes each\), [\d,]+ bytes, [\d,.]+ per client$/m],
  ["server-history-private-field.ts", "TestMemPutManyClientsReliable", /^ {2}- server\.#history \(a private field\): an array of [\d,]+ items \(about [\d,]+ bytes each\), [\d,]+ bytes, [\d,.]+ per client$/m],
  ["server-remembers-puts.ts", "TestMemPutManyClientsReliable", /^ {2}- server\.answered: a Map of [\d,]+ entries \(about [\d,]+ bytes each\), [\d,]+ bytes, [\d,.]+ per client$/m],
  // A reply whose fields are not even strings (a `{}` store's "__proto__") is named as it is.
  ["server-plain-object-keys.ts", "test_reliable_put_rule", /the server answered clerk-1#1 with \(undefined, undefined\) while it had acknowledged/],
];

describe("a failed run's explanation names the cause", () => {
  it.each(causes)("%s (%s)", async (file, testName, cause) => {
    const impl = await loadImplementation(join(repo, "examples/kv/buggy", file));
    const investigation = (await investigate(kvRun(impl, allTests.find((test) => test.name === testName)!, 1)))!;
    expect(investigation.report.verdict).toBe("fail");
    const text = stripVTControlCharacters(explainFailure(investigation).join("\n"));
    expect(text).toMatch(cause);
  });

  it("a memory failure's per-client figure agrees with the test's: the whole held over every client served, warm-up included", async () => {
    const impl = await loadImplementation(join(repo, "examples/kv/buggy/server-remembers-puts.ts"));
    const investigation = (await investigate(kvRun(impl, allTests.find((test) => test.name === "TestMemPutManyClientsReliable")!, 1)))!;
    expect(investigation.report.reason).toEqual({ kind: "memory" });
    const grew = Number(/\(([\d.]+) byte per client\)$/.exec(investigation.report.message!)![1]); // growth over the 20,000 measured clients
    const explained = /^The server object holds [\d,]+ bytes by the lab's walk .*, ([\d,.]+) per client after 22,000 clients\. Its biggest parts:$/m.exec(stripVTControlCharacters(explainFailure(investigation).join("\n")));
    expect(Math.abs(Number(explained![1]!.replace(",", "")) - grew)).toBeLessThan(grew / 100);
  });

  it("a scenario's memory failure is explained as one, though its message says 'holds', not 'memory'", async () => {
    const file = readScenario(join(repo, "scenarios/regressions/server-keeps-old-values-seed1.json"));
    const run = scenarioRun(file.scenario, file.name);
    const investigation = (await investigate(kvRun(await scenarioImplementation(file), run.definition, run.seed, run.options)))!;
    expect(investigation.report.message).toMatch(/^error: server holds \d+ bytes/);
    expect(stripVTControlCharacters(explainFailure(investigation).join("\n"))).toMatch(/^The server object holds \d+ bytes by the lab's walk .* after 2 clients\. Its biggest parts:$/m);
  });

  it("the stale read: the smallest illegal part keeps the overwrite and the read, with their attempts", async () => {
    const impl = await loadImplementation(join(repo, "examples/kv/buggy/server-check-then-await.ts"));
    const investigation = (await investigate(kvRun(impl, allTests.find((test) => test.name === "TestPutConcurrentReliable")!, 1)))!;
    const text = stripVTControlCharacters(explainFailure(investigation).join("\n"));
    expect(text).toMatch(/^The smallest part of the history that is still not linearizable \(key "k": 2 of \d+ operations as recorded/m);
    expect(text.match(/^ {2}clerk-\d+ Put\("k", .*, 0\) → OK/gm)).toHaveLength(2);
    expect(text).toMatch(/^ {6}attempt 1 \(clerk-\d+#1\): executed at [\d.]+ms–[\d.]+ms \(server replied OK\), answered at [\d.]+ms$/m);
  });

  it.each(["TestUnreliableNet", "TestManyClientsUnreliable", "TestPutConcurrentReliable"])("the reference has no server or clerk fault in %s (notes about ErrMaybe only)", async (name) => {
    const investigation = (await investigate(kvRun(reference, allTests.find((t) => t.name === name)!, 1)))!;
    expect(investigation.report.verdict).toBe("pass");
    expect(investigation.findings.filter((finding) => finding.severity !== "note")).toEqual([]);
  });
});
