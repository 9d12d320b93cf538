import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Operation } from "../../../src/check/index.js";
import { timeOrder } from "../../../src/check/search/time-order.js";

describe("the time order of calls and returns", () => {
  it("sorts by time, calls before returns at one time, then by operation, leaving out what needs no place", () => {
    const op = fc.record({ call: fc.integer({ min: -5, max: 5 }), length: fc.integer({ min: 0, max: 3 }), returns: fc.boolean(), placed: fc.boolean() });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (drafts) => {
        const ops: Operation<null, null>[] = drafts.map((d) => (d.returns ? { client: 0, call: d.call, return: d.call + d.length, input: null, output: null } : { client: 0, call: d.call, input: null }));
        const { entryOp, isReturn } = timeOrder(ops, (i) => drafts[i]!.placed);
        const expected = ops
          .flatMap((o, i) => (drafts[i]!.placed ? [{ time: o.call, ret: 0, op: i }, ...(o.return === undefined ? [] : [{ time: o.return, ret: 1, op: i }])] : []))
          .sort((a, b) => a.time - b.time || a.ret - b.ret || a.op - b.op);
        expect(Array.from(entryOp)).toEqual(expected.map((e) => e.op));
        expect(Array.from(isReturn)).toEqual(expected.map((e) => e.ret));
      }),
    );
  });
});
