// Crashes at random points: a copy of a running store's files, its last segment cut short or with a
// flipped byte, must reopen to the state after some prefix of the writes (never a mixture, never a
// removed key back, never a wrong value), or refuse to open with a CorruptionError.
import { cpSync, readFileSync, readdirSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CorruptionError, KvsStore } from "../../../src/real/engine/kvs/index.js";
import { tempDir } from "../../support/temp-dir.js";

type State = Map<string, string>;

/** Runs seeded random writes; returns the state after each one (index 0: empty) and a copy of the files as they stand. */
async function crashedCopy(seed: number): Promise<{ states: State[]; copy: string; random: (n: number) => number }> {
  let x = seed;
  const random = (n: number) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) % n);
  const dir = tempDir();
  const store = await KvsStore.open({ dir, sync: "none", segmentBytes: 2048, compactionBytes: 1024 });
  const states: State[] = [new Map()];
  for (let op = 0; op < 300; op++) {
    const state = new Map(states.at(-1)!);
    const key = `key${random(20)}`;
    if (random(4) === 0) {
      await store.remove(key);
      state.delete(key);
    } else {
      const value = `${op}:${"v".repeat(random(60))}`;
      await store.set(key, value);
      state.set(key, value);
    }
    states.push(state);
  }
  // Half the seeds let the background writes finish, so the copy holds the checkpoint of the last
  // seal and the open replays only what came after it; the others crash in the middle of them.
  if (random(2) === 0) await store.settled();
  const copy = tempDir();
  // The files as a crash would leave them: no close's checkpoint, no last hint. A crash takes them
  // at one instant; a copy takes them one by one, so a temporary file renamed meanwhile restarts it.
  for (;;) {
    try {
      cpSync(dir, copy, { recursive: true });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  await store.close();
  return { states, copy, random };
}

async function reopenedState(dir: string): Promise<State> {
  const store = await KvsStore.open({ dir, sync: "none" });
  const state: State = new Map();
  for (let key = 0; key < 20; key++) {
    const found = await store.get(`key${key}`);
    if (found !== undefined) state.set(`key${key}`, found.value);
  }
  await store.close();
  return state;
}

const sameState = (a: State, b: State) => a.size === b.size && [...a].every(([key, value]) => b.get(key) === value);

describe("kvs after a crash", () => {
  it.each(Array.from({ length: 12 }, (_, i) => i + 1))("seed %i: a torn last segment reopens to a prefix of the writes", async (seed) => {
    const { states, copy, random } = await crashedCopy(seed);
    const last = join(copy, readdirSync(copy).filter((name) => name.endsWith(".seg")).sort().at(-1)!);
    const size = readFileSync(last).length;
    truncateSync(last, random(size + 1));
    const state = await reopenedState(copy);
    expect(states.some((prefix) => sameState(prefix, state))).toBe(true);
  });

  it.each(Array.from({ length: 12 }, (_, i) => i + 1))("seed %i: a flipped byte in the last segment never yields a wrong state", async (seed) => {
    const { states, copy, random } = await crashedCopy(seed);
    const last = join(copy, readdirSync(copy).filter((name) => name.endsWith(".seg")).sort().at(-1)!);
    const bytes = readFileSync(last);
    bytes[random(bytes.length)]! ^= 1 << random(8);
    writeFileSync(last, bytes);
    try {
      const state = await reopenedState(copy);
      expect(states.some((prefix) => sameState(prefix, state))).toBe(true);
    } catch (error) {
      expect(error).toBeInstanceOf(CorruptionError);
    }
  });
});
