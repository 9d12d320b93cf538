import { describe, expect, it } from "vitest";
import { focusOf, nearest, roleRank, SummaryBuilder } from "../../../src/check/view/run-window.js";

describe("the window a page draws of a big run", () => {
  const spans = Array.from({ length: 100 }, (_, i) => ({ callMs: i * 10, returnMs: i * 10 + 5 }));

  it("keeps everything when there is room", () => {
    expect(nearest(spans.slice(0, 5), { fromMs: 0, toMs: 0 }, 10)).toEqual([0, 1, 2, 3, 4]);
  });

  it("keeps the items nearest the focus, in their own order", () => {
    expect(nearest(spans, { fromMs: 500, toMs: 500 }, 3)).toEqual([49, 50, 51]);
    expect(nearest(spans, { fromMs: 990, toMs: 990 }, 2)).toEqual([98, 99]);
  });

  it("keeps ranked items first, the highest first, however far from the focus", () => {
    expect(nearest(spans, { fromMs: 500, toMs: 500 }, 3, (i) => (i === 2 ? 1 : 0))).toEqual([2, 49, 50]);
    expect(nearest(spans, { fromMs: 500, toMs: 500 }, 2, (i) => (i === 99 ? 2 : i < 10 ? 1 : 0))).toEqual([0, 99]);
  });

  it("ranks what could not be placed above the rest of the smallest illegal part, above the others", () => {
    expect([roleRank("unplaced"), roleRank("minimal"), roleRank("linearized"), roleRank("placed"), roleRank("other"), roleRank(undefined)]).toEqual([2, 1, 0, 0, 0, 0]);
  });

  it("counts an operation that never returned as lasting to the end", () => {
    const open = [...spans.slice(0, 10), { callMs: 0 }];
    expect(nearest(open, { fromMs: 95, toMs: 95 }, 2)).toEqual([9, 10]);
  });

  it("focuses on what it is given, or on the fallback instant", () => {
    expect(focusOf([{ callMs: 3, returnMs: 9 }, { callMs: 1 }], 50)).toEqual({ fromMs: 1, toMs: 9 });
    expect(focusOf([], 50)).toEqual({ fromMs: 50, toMs: 50 });
  });
});

describe("the summary of what a page does not draw", () => {
  it("is absent when the page draws everything", () => {
    const counts = new SummaryBuilder();
    counts.operation(1, "clerk-1", "put → OK");
    expect(counts.build({ operations: 1, messages: 0, markers: 0, fromMs: 0, toMs: 1 })).toBeUndefined();
  });

  it("counts the whole run per kind, per fate, per client and per slice of time", () => {
    const counts = new SummaryBuilder();
    for (let i = 0; i < 30; i++) counts.operation(i, `clerk-${i % 15}`, i % 3 === 0 ? "get → OK" : "put → OK");
    counts.operation(99, "clerk-1", "put → ErrMaybe");
    counts.message(0, "delivered");
    counts.message(99, "request-dropped");
    counts.faults(1);
    const rest = counts.build({ operations: 2, messages: 1, markers: 0, fromMs: 98, toMs: 99 })!;
    expect(rest.total).toEqual({ operations: 31, messages: 2, faults: 1 });
    expect(rest.byKind).toEqual([["put → OK", 20], ["get → OK", 10], ["put → ErrMaybe", 1]]);
    expect(rest.messageFates).toEqual([["delivered", 1], ["request-dropped", 1]]);
    expect(rest.byClient[0]).toEqual(["clerk-1", 3]);
    expect(rest.byClient).toHaveLength(12);
    expect(rest.otherClients).toEqual({ clients: 3, operations: 6 });
    expect(rest.buckets).toHaveLength(20);
    expect(rest.buckets.reduce((sum, b) => sum + b.operations, 0)).toBe(31);
    expect(rest.buckets.at(-1)).toMatchObject({ operations: 1, messages: 1, failedMessages: 1 });
    expect(rest.buckets[0]).toMatchObject({ fromMs: 0, messages: 1, failedMessages: 0 });
  });

  it("a run of faults alone is sliced from instant 0", () => {
    const counts = new SummaryBuilder();
    counts.faults(3);
    const rest = counts.build({ operations: 0, messages: 0, markers: 1, fromMs: 0, toMs: 0 })!;
    expect(rest.total).toEqual({ operations: 0, messages: 0, faults: 3 });
    expect(rest.buckets.every((b) => Number.isFinite(b.fromMs) && Number.isFinite(b.toMs))).toBe(true);
  });
});
