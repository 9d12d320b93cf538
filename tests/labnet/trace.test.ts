import { describe, expect, it } from "vitest";
import { Trace, describeDivergence, firstDivergence, firstLineDivergence, formatEvent, traceKinds, type TraceEvent } from "../../labnet/index.js";

/** The hash of `sample()`: a change to how events are hashed would change every recorded trace hash. */
const PINNED_HASH = "e31a33880b1d6388";

/** A few events of every shape, added to a trace that keeps events or not. */
function sample(record: boolean): Trace {
  const trace = new Trace(record);
  trace.add("spawn", 0, 0x1234, "client-1");
  trace.add("send", 150, 0xdeadbeef, { label: "client-1#1 get→kv" }, undefined, 42);
  trace.add("timer", 2_500_000, 7, "client-1", "2500ms");
  trace.add("heal", 5_000_000_000, 0, "network"); // past 2^32 µs (71 minutes)
  return trace;
}

describe("labnet trace hash", () => {
  it("is pinned: the same events give this hash in every version, so recorded trace hashes stay valid", () => {
    expect(sample(false).hash).toBe(PINNED_HASH);
    expect(new Trace(false).hash).toBe("1b873593811c9dc5");
  });

  it("is the same whether or not events are kept, and counts them either way", () => {
    expect(sample(true).hash).toBe(sample(false).hash);
    expect(sample(false).count).toBe(4);
    expect(sample(false).events).toBeUndefined();
    expect(sample(true).events).toHaveLength(4);
  });

  it("changes with each event's kind, time, key and size, and with their order", () => {
    const base = () => {
      const trace = new Trace(false);
      trace.add("spawn", 0, 1, "a");
      return trace;
    };
    const hashes = new Set<string>([base().hash]);
    const variants: ((trace: Trace) => void)[] = [
      (t) => t.add("finish", 10, 2, "a"),
      (t) => t.add("timer", 10, 2, "a"),
      (t) => t.add("finish", 11, 2, "a"),
      (t) => t.add("finish", 10, 3, "a"),
      (t) => t.add("finish", 10, 2, "a", "", 1),
    ];
    for (const variant of variants) {
      const trace = base();
      variant(trace);
      hashes.add(trace.hash);
    }
    expect(hashes.size).toBe(1 + variants.length);
    const ab = new Trace(false);
    ab.add("spawn", 0, 1, "a");
    ab.add("spawn", 0, 2, "b");
    const ba = new Trace(false);
    ba.add("spawn", 0, 2, "b");
    ba.add("spawn", 0, 1, "a");
    expect(ab.hash).not.toBe(ba.hash);
  });

  it("does not cover names and details, which only the kept events show", () => {
    const a = new Trace(false);
    a.add("timer", 5, 9, "one", "5ms");
    const b = new Trace(false);
    b.add("timer", 5, 9, "another", "other detail");
    expect(a.hash).toBe(b.hash);
  });

  it("is 16 hex digits", () => {
    expect(sample(false).hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it("keeps each event's subject, labels built only when kept", () => {
    let built = 0;
    const message = {
      get label() {
        built++;
        return "c#1 get→kv";
      },
    };
    new Trace(false).add("send", 0, 1, message);
    expect(built).toBe(0);
    const kept = new Trace(true);
    kept.add("send", 0, 1, message);
    expect(built).toBe(1);
    expect(kept.events).toEqual([{ time: 0, kind: "send", subject: "c#1 get→kv", detail: "" }]);
  });

  it("knows every kind of event by name", () => {
    expect(new Set(traceKinds).size).toBe(traceKinds.length);
    expect(traceKinds).toEqual(expect.arrayContaining(["send", "deliver", "lost", "crash", "partition", "profile"]));
  });
});

describe("labnet trace lines and divergences", () => {
  const event = (time: number, kind: TraceEvent["kind"], subject: string, detail = ""): TraceEvent => ({ time, kind, subject, detail });

  it("formats an event as one line: milliseconds to the microsecond, kind, subject, detail", () => {
    expect(formatEvent(event(0, "spawn", "client-1"))).toBe("0.000ms spawn client-1");
    expect(formatEvent(event(1_234_567, "connect", "c", "→ kv"))).toBe("1234.567ms connect c → kv");
  });

  it("finds no divergence between equal traces, and the first event at which two differ", () => {
    const a = [event(0, "spawn", "a"), event(5, "timer", "a", "5ms"), event(9, "finish", "a")];
    expect(firstDivergence(a, [...a])).toBeUndefined();
    const b = [a[0]!, event(6, "timer", "a", "6ms"), a[2]!];
    expect(firstDivergence(a, b)).toEqual({ index: 1, left: "0.005ms timer a 5ms", right: "0.006ms timer a 6ms" });
  });

  it("a trace that stops early diverges where it ends", () => {
    const divergence = firstLineDivergence(["x", "y"], ["x"])!;
    expect(divergence).toEqual({ index: 1, left: "y", right: undefined });
    expect(describeDivergence(divergence)).toBe("traces diverge at event 1:\n  expected: y\n  actual:   (trace ended)");
    expect(firstLineDivergence([], [])).toBeUndefined();
    expect(describeDivergence(firstLineDivergence([], ["z"])!)).toBe("traces diverge at event 0:\n  expected: (trace ended)\n  actual:   z");
  });
});
