import { describe, expect, it } from "vitest";
import { Delivery, Exchange, Slot, happens } from "../../labnet/exchange.js";
import { keyedUniform } from "../../labnet/rng.js";

describe("labnet exchanges and deliveries", () => {
  it("an exchange is named by its end and sequence number, and labelled with method and target", () => {
    const exchange = new Exchange("client-1", "kv", "get", 3, 99);
    expect(exchange.id).toBe("client-1#3");
    expect(exchange.label).toBe("client-1#3 get→kv");
    expect(exchange.copies).toBe(1);
    expect(exchange.settled).toBe(false);
  });

  it("a copy is labelled as one, and a plan's decision applies to the original only", () => {
    const exchange = new Exchange("c", "kv", "put", 1, 5);
    exchange.decision = { dropReply: true };
    const original = new Delivery(exchange, 0, 5);
    const copy = new Delivery(exchange, 1, 6);
    expect(original.label).toBe("c#1 put→kv");
    expect(copy.label).toBe("c#1 put→kv (copy 1)");
    expect(original.decision).toEqual({ dropReply: true });
    expect(copy.decision).toBeUndefined();
  });

  it("each random decision reads its own slot: a delay takes two, so none overlaps another", () => {
    const slots = Object.entries(Slot).sort(([, a], [, b]) => a - b);
    const delays = new Set(["requestLatency", "requestDelay", "reorderDelay", "replyLatency", "unreachable"]);
    for (let i = 1; i < slots.length; i++) {
      const [previous, at] = slots[i - 1]!;
      expect(slots[i]![1] - at, `${slots[i]![0]} after ${previous}`).toBe(delays.has(previous) ? 2 : 1);
    }
  });
});

describe("happens: a planned decision or the profile's draw", () => {
  it("a plan wins over any probability, either way", () => {
    expect(happens(true, 0, 1, Slot.dropRequest)).toBe(true);
    expect(happens(false, 1, 1, Slot.dropRequest)).toBe(false);
  });

  it("without a plan, it happens when the key's draw in that slot is under the probability", () => {
    for (let key = 0; key < 1000; key++) {
      expect(happens(undefined, 0.3, key, Slot.duplicate)).toBe(keyedUniform(key, Slot.duplicate) < 0.3);
    }
  });

  it("probability 0 never happens and 1 always does", () => {
    for (let key = 0; key < 1000; key++) {
      expect(happens(undefined, 0, key, Slot.dropReply)).toBe(false);
      expect(happens(undefined, 1, key, Slot.dropReply)).toBe(true);
    }
  });
});
