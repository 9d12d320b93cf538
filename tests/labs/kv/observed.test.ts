import { describe, expect, it } from "vitest";
import { observed } from "../../../src/labs/kv/observed.js";

/** A class with what a student's clerk may use: a private field, a getter over it, a public field. */
class Counter {
  #count = 0;
  readonly label: string = "counter";
  get count(): number {
    return this.#count;
  }
  increment(by: number): number {
    this.#count += by;
    return this.#count;
  }
  twice(): number {
    this.increment(1);
    return this.increment(1);
  }
}

describe("observed", () => {
  it("keeps the prototype, fields and getters: instanceof holds and private fields work", () => {
    const target = new Counter();
    const seen = observed(target, {});
    expect(seen).toBeInstanceOf(Counter);
    expect(seen.label).toBe("counter");
    expect(seen.increment(2)).toBe(2);
    expect(seen.count).toBe(2);
    expect(target.count).toBe(2);
  });

  it("answers with the overrides in place of the target's own methods", () => {
    const target = new Counter();
    const calls: number[] = [];
    const seen = observed(target, {
      increment: (by: number) => {
        calls.push(by);
        return target.increment(by * 10);
      },
    });
    expect(seen.increment(1)).toBe(10);
    expect(calls).toEqual([1]);
    expect(seen.count).toBe(10);
  });

  it("runs the target's other methods on the target itself, so they do not see the overrides", () => {
    const target = new Counter();
    const seen = observed(target, { increment: () => -1 });
    expect(seen.twice()).toBe(2);
    expect(seen.increment(5)).toBe(-1);
  });

  it("an override that is not a function replaces a field", () => {
    const seen = observed(new Counter(), { label: "watched" });
    expect(seen.label).toBe("watched");
  });

  it("an override set to undefined still replaces (it is present), an absent one does not", () => {
    const seen = observed(new Counter(), { label: undefined } as unknown as Partial<Counter>);
    expect(seen.label).toBeUndefined();
    expect(observed(new Counter(), {}).label).toBe("counter");
  });
});
