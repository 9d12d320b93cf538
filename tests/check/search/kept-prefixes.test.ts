import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KeptPrefixes } from "../../../src/check/search/kept-prefixes.js";

describe("kept prefixes of a search stack", () => {
  it("are the stack as it was when kept, whatever pushes and pops follow", () => {
    const action = fc.oneof(
      fc.record({ kind: fc.constant("push" as const), value: fc.integer({ min: 0, max: 99 }) }),
      fc.record({ kind: fc.constant("pop" as const) }),
      fc.record({ kind: fc.constant("keep" as const) }),
      fc.record({ kind: fc.constant("clear" as const) }),
    );
    fc.assert(
      fc.property(fc.array(action, { maxLength: 200 }), (actions) => {
        const stack = new Int32Array(64);
        let depth = 0;
        const kept = new KeptPrefixes<number>(stack);
        const copies: { order: number[]; state: number }[] = [];
        actions.forEach((a, step) => {
          if (a.kind === "push" && depth < stack.length) stack[depth++] = a.value;
          else if (a.kind === "pop" && depth > 0) kept.popped(--depth);
          else if (a.kind === "keep" && copies.length < 3) {
            kept.keep(depth, step);
            copies.push({ order: Array.from(stack.subarray(0, depth)), state: step });
          } else if (a.kind === "clear") {
            kept.clear();
            copies.length = 0;
          }
        });
        expect(kept.size).toBe(copies.length);
        expect(kept.prefixes().map((p) => ({ order: Array.from(p.order), state: p.state }))).toEqual(copies);
      }),
    );
  });

  it("reuse their buffers after a clear", () => {
    const stack = Int32Array.from([1, 2, 3, 4]);
    const kept = new KeptPrefixes<string>(stack);
    kept.keep(4, "a");
    kept.popped(3);
    kept.popped(2);
    stack[2] = 9;
    kept.clear();
    kept.keep(3, "b");
    kept.popped(2);
    stack[2] = 8;
    expect(kept.prefixes()).toEqual([{ order: Int32Array.from([1, 2, 9]), state: "b" }]);
  });
});
