// The index's hash table against a Map: inserts, updates and removals (with the backward shifts
// and arena rebuilds they cause) must leave every key findable with its newest location.
import { describe, expect, it } from "vitest";
import { KeyIndex } from "../../../src/real/engine/kvs/key-index.js";
import type { Segment } from "../../../src/real/engine/kvs/segment.js";

const segment = (gen: number) => ({ gen, stale: 0 }) as unknown as Segment;

describe("KeyIndex", () => {
  it("agrees with a Map over many inserts, updates and removals", () => {
    const index = new KeyIndex();
    const model = new Map<string, number>();
    const segments = [segment(1), segment(2)];
    let seed = 12345;
    const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    for (let step = 0; step < 30_000; step++) {
      const key = `key-${random(3000)}${"é".repeat(random(3))}`;
      const bytes = Buffer.from(key);
      if (random(3) === 0) {
        index.remove(bytes, 0, bytes.length, segments[0]!, 10);
        model.delete(key);
      } else {
        index.put(bytes, 0, bytes.length, segments[step % 2]!, step, 20, step);
        model.set(key, step);
      }
      if (step % 5000 === 4999) {
        expect(index.size).toBe(model.size);
        for (let i = 0; i < 3000; i++) {
          for (const accent of ["", "é", "éé"]) {
            const probe = `key-${i}${accent}`;
            const entry = index.find(probe);
            expect(entry < 0 ? undefined : index.versionOf(entry)).toBe(model.get(probe));
            if (entry >= 0) expect(index.keyOf(entry).toString()).toBe(probe);
          }
        }
      }
    }
  });

  it("counts replaced records and tombstones as stale bytes of their segments", () => {
    const index = new KeyIndex();
    const [a, b] = [segment(1), segment(2)];
    const key = Buffer.from("k");
    index.put(key, 0, 1, a, 0, 30, 1);
    index.put(key, 0, 1, b, 0, 40, 2);
    expect([a.stale, b.stale]).toEqual([30, 0]);
    index.remove(key, 0, 1, b, 25);
    expect([a.stale, b.stale]).toEqual([30, 65]);
    expect(index.find("k")).toBe(-1);
  });

  it("moves an entry only from the location it was copied from", () => {
    const index = new KeyIndex();
    const [a, b, c] = [segment(1), segment(2), segment(3)];
    const key = Buffer.from("k");
    const entry = index.put(key, 0, 1, a, 100, 30, 1);
    expect(index.move(entry, a, 0, c, 0)).toBe(false);
    expect(index.move(entry, a, 100, c, 0)).toBe(true);
    index.put(key, 0, 1, b, 0, 30, 2);
    expect(index.move(entry, c, 0, a, 0)).toBe(false);
    expect(index.segmentOf(entry)).toBe(b);
  });
});
