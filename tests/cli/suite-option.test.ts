// --suite takes one suite or several (`--suite lock rust`); each test runs once, in suite order.
import { describe, expect, it } from "vitest";
import { allTests, selectTests } from "../../src/index.js";
import { kvlab } from "../support/run-cli.js";

describe("selecting by several suites", () => {
  it("gives the tests of every suite named, in suite order, each once; all means every suite", () => {
    const suitesOf = (tests: { suite: string }[]) => [...new Set(tests.map((test) => test.suite))];
    expect(suitesOf(selectTests(["rust", "lock"]))).toEqual(["lock", "rust"]);
    expect(selectTests(["lock", "rust"]).length).toBe(allTests.filter((test) => test.suite === "lock" || test.suite === "rust").length);
    expect(selectTests(["lock", "lock"])).toEqual(selectTests("lock"));
    expect(selectTests(["kvsrv", "all"])).toEqual(allTests);
  });

  it("names every suite searched when a --test is in none of them", () => {
    expect(() => selectTests(["lock", "rust"], ["TestReliablePut"])).toThrow('no test named "TestReliablePut" in suite lock rust');
  });

  it("kvlab test --suite lock rust runs tests of both suites", async () => {
    const run = await kvlab("test", "--suite", "lock", "rust", "--test", "TestReliableBasic", "test_reliable_put", "--json");
    expect(run.status).toBe(0);
    const reports = JSON.parse(run.stdout) as { suite: string; test: string; verdict: string }[];
    expect(reports.map(({ suite, test, verdict }) => [suite, test, verdict])).toEqual([
      ["lock", "TestReliableBasic", "pass"],
      ["rust", "test_reliable_put", "pass"],
    ]);
  });
});
