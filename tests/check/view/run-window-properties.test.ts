// The page's window over a big run, by rule rather than by example: for any spans, focus, room and
// ranks, nearest keeps what it promises, and the summary counts every item once.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Span, SummaryBuilder, focusOf, nearest } from "../../../src/check/view/run-window.js";

const span: fc.Arbitrary<Span> = fc
  .record({ callMs: fc.integer({ min: 0, max: 200 }), length: fc.integer({ min: 0, max: 30 }), open: fc.boolean() })
  .map(({ callMs, length, open }) => (open ? { callMs } : { callMs, returnMs: callMs + length }));

/** How far `s` is from `focus` in time: 0 when they overlap; an open span lasts to the end. */
const distance = (s: Span, focus: { fromMs: number; toMs: number }) => (s.callMs > focus.toMs ? s.callMs - focus.toMs : (s.returnMs ?? Infinity) < focus.fromMs ? focus.fromMs - s.returnMs! : 0);

describe("nearest, for any spans", () => {
  it("keeps min(n, max) items in their own order; ranked ones first by rank, then none farther than any it left out", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(span, fc.integer({ min: 0, max: 2 })), { maxLength: 60 }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 30 }),
        (items, from, length, max) => {
          const spans = items.map(([s]) => s);
          const rank = (i: number) => items[i]![1];
          const focus = { fromMs: from, toMs: from + length };
          const kept = nearest(spans, focus, max, rank);
          expect(kept).toHaveLength(Math.min(spans.length, max));
          expect(kept).toEqual([...new Set(kept)].sort((a, b) => a - b));
          if (spans.length <= max) return;
          const left = spans.map((_, i) => i).filter((i) => !kept.includes(i));
          for (const i of kept) {
            for (const j of left) {
              // What was left out is never ranked higher, and among equals never nearer.
              expect(rank(j)).toBeLessThanOrEqual(rank(i));
              if (rank(i) === 0 && rank(j) === 0) expect(distance(spans[j]!, focus)).toBeGreaterThanOrEqual(distance(spans[i]!, focus));
            }
          }
        },
      ),
    );
  });

  it("focusOf covers every span given, from the earliest call to the latest end", () => {
    fc.assert(
      fc.property(fc.array(span, { minLength: 1, maxLength: 20 }), (spans) => {
        const focus = focusOf(spans, -1);
        expect(focus.fromMs).toBe(Math.min(...spans.map((s) => s.callMs)));
        expect(focus.toMs).toBe(Math.max(...spans.map((s) => s.returnMs ?? s.callMs)));
      }),
    );
  });
});

describe("SummaryBuilder, for any run", () => {
  it("counts each operation and message once: in one slice, one kind, one client and one fate", () => {
    const op = fc.record({ atMs: fc.integer({ min: 0, max: 1000 }), client: fc.constantFrom("c1", "c2", "c3"), kind: fc.constantFrom("get", "put") });
    const msg = fc.record({ atMs: fc.integer({ min: 0, max: 1000 }), fate: fc.constantFrom("delivered" as const, "lost" as const, "unreachable" as const) });
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 50 }), fc.array(msg, { maxLength: 50 }), (ops, msgs) => {
        const counts = new SummaryBuilder();
        for (const o of ops) counts.operation(o.atMs, o.client, o.kind);
        for (const m of msgs) counts.message(m.atMs, m.fate);
        const rest = counts.build({ operations: 0, messages: 0, markers: 0, fromMs: 0, toMs: 0 })!;
        expect(rest.total).toEqual({ operations: ops.length, messages: msgs.length, faults: 0 });
        expect(rest.buckets.reduce((n, b) => n + b.operations, 0)).toBe(ops.length);
        expect(rest.buckets.reduce((n, b) => n + b.messages, 0)).toBe(msgs.length);
        expect(rest.buckets.reduce((n, b) => n + b.failedMessages, 0)).toBe(msgs.filter((m) => m.fate !== "delivered").length);
        expect(rest.byKind.reduce((n, [, k]) => n + k, 0)).toBe(ops.length);
        expect(rest.byClient.reduce((n, [, k]) => n + k, 0) + rest.otherClients.operations).toBe(ops.length);
        expect(rest.messageFates.reduce((n, [, k]) => n + k, 0)).toBe(msgs.length);
        // Slices are contiguous and cover the first to the last instant.
        const times = [...ops, ...msgs].map((x) => x.atMs);
        expect(rest.buckets[0]!.fromMs).toBe(Math.min(...times));
        rest.buckets.slice(1).forEach((b, i) => expect(b.fromMs).toBeCloseTo(rest.buckets[i]!.toMs, 9));
        // Counts are sorted, most first.
        for (const list of [rest.byKind, rest.byClient, rest.messageFates]) expect(list.map(([, n]) => n)).toEqual(list.map(([, n]) => n).sort((a, b) => b - a));
      }),
    );
  });
});
