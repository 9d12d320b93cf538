// Stores written before records carried a header checksum (format 1: a 19-byte header) still
// open, read, take new writes (format 2) beside the old records, compact, and are checked for
// corruption the same way. tests/real/fixtures/kvs-v1-store was written by that earlier engine:
// key0…key9 set, key3 removed, key4 set again; reopened, key5 set again, key6 removed, "new" set;
// its last segment as a crash leaves it (no hint, no checkpoint), so the open scans it.
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KvsStore, repairStore } from "../../../src/real/engine/kvs/index.js";
import { tempDir } from "../../support/temp-dir.js";

const fixture = join(import.meta.dirname, "..", "fixtures", "kvs-v1-store");

function copyOfFixture(): string {
  const dir = tempDir();
  cpSync(fixture, dir, { recursive: true });
  return dir;
}

type State = Record<string, { value: string; version: number } | undefined>;

const fixtureState: State = {
  key0: { value: "first-0", version: 1 },
  key3: undefined,
  key4: { value: "second-4", version: 2 },
  key5: { value: "second-5", version: 2 },
  key6: undefined,
  key9: { value: "first-9", version: 1 },
  new: { value: "ünïcødé ✓", version: 1 },
};

async function expectState(store: KvsStore, state: State): Promise<void> {
  for (const [key, found] of Object.entries(state)) expect(await store.get(key)).toEqual(found);
}

describe("kvs stores of the earlier record format", () => {
  it("open, read, take new writes beside the old records, compact and reopen", async () => {
    const dir = copyOfFixture();
    let store = await KvsStore.open({ dir, sync: "none" });
    await expectState(store, fixtureState);
    await store.set("key0", "third-0");
    await store.remove("key9");
    const state: State = { ...fixtureState, key0: { value: "third-0", version: 2 }, key9: undefined };
    await store.close();
    store = await KvsStore.open({ dir, sync: "none" });
    await expectState(store, state);
    await store.compact(); // copies format-1 and format-2 records into one segment
    await store.close();
    store = await KvsStore.open({ dir, sync: "none" });
    await expectState(store, state);
    await store.close();
  });

  it("a flipped length byte in a format-1 segment with records after it refuses the open; repair keeps the rest", async () => {
    const dir = copyOfFixture();
    const segment = join(dir, "0000000002.seg");
    const bytes = readFileSync(segment);
    const at = bytes.indexOf("key5second-5") - 19; // format 1's header
    bytes[at + 9]! ^= 0x04;
    writeFileSync(segment, bytes);
    await expect(KvsStore.open({ dir, sync: "none" })).rejects.toThrow(`corrupt record in ${segment} at offset ${at}: checksum mismatch; intact records follow it`);
    expect(repairStore(dir).dropped).toEqual([{ segment: "0000000002.seg", offset: at, length: 31, reason: "checksum mismatch", tail: false }]);
    const store = await KvsStore.open({ dir, sync: "none" });
    expect(await store.get("key5")).toEqual({ value: "first-5", version: 1 }); // its record before the dropped one
    expect(await store.get("new")).toEqual(fixtureState.new);
    await store.close();
  });
});
