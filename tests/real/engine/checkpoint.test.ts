// The index checkpoint written when a segment is sealed: after a crash the open restores it and
// replays only the segments after it; one that no longer describes the oldest segments, or that
// fails its checksum, is ignored and every segment is replayed.
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CorruptionError, KvsStore, realFileOps, type FileOps } from "../../../src/real/engine/kvs/index.js";
import { tempDir } from "../../support/temp-dir.js";

type State = Map<string, string>;

/** Small segments, so that the writes below seal several. */
const SEGMENT_BYTES = 512;

const segments = (dir: string) => readdirSync(dir).filter((name) => name.endsWith(".seg")).sort().map((name) => join(dir, name));

/** Sets 40 keys over several segments, then overwrites a quarter and removes an eighth; returns the state. */
async function fill(store: KvsStore): Promise<State> {
  const state: State = new Map();
  for (let i = 0; i < 40; i++) await store.set(`key${i}`, `first-${i}.`), state.set(`key${i}`, `first-${i}.`);
  for (let i = 0; i < 40; i += 4) await store.set(`key${i}`, `second-${i}.`), state.set(`key${i}`, `second-${i}.`);
  for (let i = 1; i < 40; i += 8) await store.remove(`key${i}`), state.delete(`key${i}`);
  return state;
}

/** Damages the record holding `text` in `segment` and deletes the segment's hint: replaying it now refuses to open. */
function spoil(segment: string, text: string): void {
  const bytes = readFileSync(segment);
  bytes[bytes.indexOf(text)]! ^= 0xff;
  writeFileSync(segment, bytes);
  rmSync(segment.replace(/seg$/, "hint"), { force: true });
}

/** The files of the open store in `dir` as a crash leaves them once its background writes are done (the checkpoint is the last seal's); closes the store after. */
async function crashCopy(store: KvsStore, dir: string): Promise<string> {
  await store.settled();
  const copy = tempDir();
  cpSync(dir, copy, { recursive: true });
  await store.close();
  return copy;
}

async function expectState(dir: string, state: State, corrupt: string[] = []): Promise<void> {
  const store = await KvsStore.open({ dir, sync: "none" });
  for (let i = 0; i < 40; i++) {
    const key = `key${i}`;
    if (corrupt.includes(key)) await expect(store.get(key)).rejects.toThrow(CorruptionError);
    else expect((await store.get(key))?.value).toBe(state.get(key));
  }
  await store.close();
}

describe("kvs checkpoint on sealing a segment", () => {
  it("after a crash, restores the last one and replays only the segments written since", async () => {
    const dir = tempDir();
    const store = await KvsStore.open({ dir, sync: "none", segmentBytes: SEGMENT_BYTES, compactionBytes: 1 << 30 });
    const state = await fill(store);
    const crashed = await crashCopy(store, dir);
    expect(segments(crashed).length).toBeGreaterThan(2);
    // key5 was written once, in the first segment, which only the checkpoint lets the open skip.
    spoil(segments(crashed)[0]!, "first-5.");
    await expectState(crashed, state, ["key5"]);
  });

  it("is used when a compaction's output was published but its inputs not yet deleted", async () => {
    const dir = tempDir();
    const crashed = tempDir();
    let store: KvsStore | undefined;
    const ops: FileOps = {
      ...realFileOps,
      async rename(from, to) {
        await realFileOps.rename(from, to);
        if (!to.endsWith(".seg")) return;
        await store!.settled(); // the checkpoint of the compaction's own seal is written
        cpSync(dir, crashed, { recursive: true });
      },
    };
    store = await KvsStore.open({ dir, sync: "none", segmentBytes: SEGMENT_BYTES, compactionBytes: 1 << 30, fileOps: ops });
    const state = await fill(store);
    await store.compact();
    await store.close();
    const [input] = segments(crashed);
    spoil(input!, "first-5."); // the output holds key5's copy, replayed after the checkpoint
    await expectState(crashed, state);
  });

  it("is ignored once a compaction has deleted segments it describes", async () => {
    const dir = tempDir();
    const store = await KvsStore.open({ dir, sync: "none", segmentBytes: SEGMENT_BYTES, compactionBytes: 1 << 30 });
    const state = await fill(store);
    await store.compact();
    await store.set("key2", "after"), state.set("key2", "after");
    const crashed = await crashCopy(store, dir);
    await expectState(crashed, state);
  });

  it.each([
    ["its header", 20],
    ["its index", 0.5],
  ])("is ignored when %s fails the checksum", async (_, where) => {
    const dir = tempDir();
    const store = await KvsStore.open({ dir, sync: "none", segmentBytes: SEGMENT_BYTES, compactionBytes: 1 << 30 });
    const state = await fill(store);
    const crashed = await crashCopy(store, dir);
    const checkpoint = join(crashed, "index.ckpt");
    const bytes = readFileSync(checkpoint);
    bytes[where < 1 ? Math.floor(bytes.length * where) : where]! ^= 0x01;
    writeFileSync(checkpoint, bytes);
    await expectState(crashed, state);
  });
});
