import { describe, expect, it } from "vitest";
import { scenarioExpectSchema } from "../../../src/harness/index.js";

/** The first problem zod finds, as "path: message". */
function problem(value: unknown): string | undefined {
  const parsed = scenarioExpectSchema.safeParse(value);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0]!;
  return `${issue.path.join(".")}: ${issue.message}`;
}

describe("a scenario's expect field, shared by every lab", () => {
  it("takes a verdict with an optional message, trace hash, trace file and regression mark", () => {
    expect(problem({ verdict: "pass" })).toBeUndefined();
    expect(problem({ verdict: "fail", message: "m", traceHash: "0123456789abcdef", traceFile: "x.trace", regression: true })).toBeUndefined();
  });

  it("refuses a verdict other than pass or fail, a trace hash that is not 16 hex digits, and unknown fields", () => {
    expect(problem({ verdict: "ok" })).toMatch(/^verdict: /);
    expect(problem({ verdict: "pass", traceHash: "0123" })).toBe("traceHash: 16 hex digits");
    expect(problem({ verdict: "pass", hash: "x" })).toMatch(/hash/);
  });

  it("refuses a regression that records a pass: a regression is a failure kept to be fixed", () => {
    expect(problem({ verdict: "pass", regression: true })).toBe('regression: a regression scenario records a failure: its verdict is "fail"');
  });
});
