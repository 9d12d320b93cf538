// selectTests and allTestsOf over the counter lab: what --suite and --test select, and the one-line
// errors that name what is wrong and how to find the right name.
import { describe, expect, it } from "vitest";
import { DEFAULT_LAB, SelectionError, allTestsOf, selectTests, type Lab } from "../../src/harness/index.js";
import { lab } from "./counter-lab/runs.js";

const names = (tests: readonly { name: string }[]) => tests.map((test) => test.name);

/** The error selectTests throws, or undefined. */
function selectionError(run: () => unknown): SelectionError | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof SelectionError) return error;
    throw error;
  }
  return undefined;
}

describe("allTestsOf", () => {
  it("lists every test, suite by suite in the lab's order", () => {
    expect(names(allTestsOf(lab))).toEqual(["TestReliableIncrements", "TestUnreliableIncrements", "TestInitialGet"]);
  });

  it("of a lab with no suites is empty", () => {
    expect(allTestsOf({ suites: {} })).toEqual([]);
  });
});

describe("selectTests", () => {
  it("selects one suite, several, or all", () => {
    expect(names(selectTests(lab, "reads"))).toEqual(["TestInitialGet"]);
    expect(names(selectTests(lab, "all"))).toEqual(names(allTestsOf(lab)));
    expect(selectTests(lab, "all")).toEqual(allTestsOf(lab));
  });

  it("keeps the lab's suite order whatever order suites are named in, and each test once", () => {
    expect(names(selectTests(lab, ["reads", "increments", "reads"]))).toEqual(["TestReliableIncrements", "TestUnreliableIncrements", "TestInitialGet"]);
    expect(names(selectTests(lab, ["all", "reads"]))).toEqual(names(allTestsOf(lab)));
  });

  it("selects tests by name within the suites named, in suite order", () => {
    expect(names(selectTests(lab, "all", ["TestInitialGet", "TestReliableIncrements"]))).toEqual(["TestReliableIncrements", "TestInitialGet"]);
    expect(names(selectTests(lab, "increments", ["TestUnreliableIncrements"]))).toEqual(["TestUnreliableIncrements"]);
  });

  it("refuses a suite the lab does not have, naming the lab and its suites", () => {
    expect(selectionError(() => selectTests(lab, ["reads", "writes"]))?.message).toBe('no suite named "writes" in the counter lab; its suites are increments, reads');
  });

  it("does not take an Object method's name for a suite", () => {
    expect(selectionError(() => selectTests(lab, "toString"))?.message).toBe('no suite named "toString" in the counter lab; its suites are increments, reads');
  });

  it("refuses a test not in the suites named, suggesting tests of any suite whose names hold it", () => {
    expect(selectionError(() => selectTests(lab, "reads", ["increments"]))?.message).toBe('no test named "increments" in suite reads; did you mean TestReliableIncrements, TestUnreliableIncrements?');
    expect(selectionError(() => selectTests(lab, ["reads", "increments"], ["initialget"]))?.message).toBe('no test named "initialget" in suite reads increments; did you mean TestInitialGet?');
  });

  it("with no test near the name, points to the list of the lab's tests, with --lab for a lab other than the default", () => {
    expect(selectionError(() => selectTests(lab, "all", ["TestPut"]))?.message).toBe('no test named "TestPut" in suite all; `npx kvlab test --lab counter --list` shows every test');
    const asDefault: Lab = { ...lab, name: DEFAULT_LAB };
    expect(selectionError(() => selectTests(asDefault, "all", ["TestPut"]))?.message).toBe('no test named "TestPut" in suite all; `npx kvlab test --list` shows every test');
  });
});
