import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventQueue } from "../../labnet/event-queue.js";

/** Pushes events named by their index and pops them all, returning the names in pop order. */
function drain(events: readonly { time: number; tie: number }[]): number[] {
  const queue = new EventQueue();
  const popped: number[] = [];
  events.forEach(({ time, tie }, i) => queue.push(time, tie, () => popped.push(i)));
  for (let event = queue.pop(); event; event = queue.pop()) event.fire();
  return popped;
}

describe("labnet event queue", () => {
  it("pops events in time order, whatever order they were pushed in", () => {
    expect(drain([{ time: 30, tie: 0 }, { time: 10, tie: 0 }, { time: 20, tie: 0 }])).toEqual([1, 2, 0]);
  });

  it("among events due at the same time, the lower tie goes first", () => {
    expect(drain([{ time: 5, tie: 900 }, { time: 5, tie: 7 }, { time: 5, tie: 300 }, { time: 1, tie: 1000 }])).toEqual([3, 1, 2, 0]);
  });

  it("an equal time and tie falls back to the order of pushing", () => {
    expect(drain([{ time: 5, tie: 1 }, { time: 5, tie: 1 }, { time: 5, tie: 1 }, { time: 5, tie: 0 }])).toEqual([3, 0, 1, 2]);
  });

  it("says when the next event is due, and is empty when none is pending", () => {
    const queue = new EventQueue();
    expect(queue.peekTime()).toBeUndefined();
    expect(queue.pop()).toBeUndefined();
    queue.push(40, 0, () => {});
    queue.push(15, 0, () => {});
    expect(queue.peekTime()).toBe(15);
    expect(queue.pop()!.time).toBe(15);
    expect(queue.peekTime()).toBe(40);
    queue.pop();
    expect(queue.peekTime()).toBeUndefined();
  });

  it("keeps its order when pushes and pops interleave (a run schedules while it fires)", () => {
    const queue = new EventQueue();
    const fired: number[] = [];
    queue.push(10, 0, () => fired.push(10));
    queue.push(30, 0, () => fired.push(30));
    queue.pop()!.fire();
    queue.push(20, 0, () => fired.push(20));
    queue.push(5, 0, () => fired.push(5)); // due before what already fired: still next
    for (let event = queue.pop(); event; event = queue.pop()) event.fire();
    expect(fired).toEqual([10, 5, 20, 30]);
  });

  it("pops exactly a stable sort by (time, tie), for any events", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ time: fc.integer({ min: 0, max: 20 }), tie: fc.integer({ min: 0, max: 5 }) }), { maxLength: 200 }), (events) => {
        const expected = events.map((event, i) => ({ ...event, i })).sort((a, b) => a.time - b.time || a.tie - b.tie || a.i - b.i).map((event) => event.i);
        expect(drain(events)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("pops the earliest pending event at every step when pushes and pops interleave, for any sequence", () => {
    const step = fc.oneof(fc.record({ time: fc.integer({ min: 0, max: 30 }), tie: fc.integer({ min: 0, max: 5 }) }), fc.constant("pop" as const));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 300 }), (steps) => {
        const queue = new EventQueue();
        const pending: { time: number; tie: number; order: number }[] = [];
        const orderOf = new Map<() => void, number>();
        steps.forEach((next, order) => {
          if (next !== "pop") {
            const fire = () => {};
            orderOf.set(fire, order);
            queue.push(next.time, next.tie, fire);
            pending.push({ ...next, order });
            return;
          }
          pending.sort((a, b) => a.time - b.time || a.tie - b.tie || a.order - b.order);
          const expected = pending.shift();
          const popped = queue.pop();
          expect(popped && { time: popped.time, tie: popped.tie, order: orderOf.get(popped.fire) }).toEqual(expected);
          expect(queue.peekTime()).toBe(pending.length ? Math.min(...pending.map((event) => event.time)) : undefined);
        });
      }),
      { numRuns: 300 },
    );
  });
});
