// Damage found on open after a crash: corruption (an intact record follows the damage) refuses
// the open in one line naming segment and offset and keeps every byte; a torn tail (nothing intact
// follows) is cut and logged; repair keeps every intact record and names what it dropped. A flipped
// length byte used to be taken for a torn tail: half of 20,000 acknowledged keys went, unlogged.
import { cpSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CorruptionError, KvsStore, repairStore } from "../../../src/real/engine/kvs/index.js";
import { HEADER_BYTES } from "../../../src/real/engine/kvs/record.js";
import { tempDir } from "../../support/temp-dir.js";
import { recordingLog } from "./support.js";

const KEYS = 20_000;
const value = (i: number) => `value-${i}`;

/** A copy of a store's files as a crash leaves them (the active segment without hint or checkpoint), all in one segment. */
async function crashedStore(keys: number): Promise<{ dir: string; segment: string }> {
  const live = tempDir();
  const store = await KvsStore.open({ dir: live, sync: "none" });
  for (let i = 0; i < keys; i++) await store.set(`key${i}`, value(i)); // each acknowledged
  const dir = tempDir();
  cpSync(live, dir, { recursive: true });
  await store.close();
  const segments = readdirSync(dir).filter((name) => name.endsWith(".seg"));
  expect(segments).toHaveLength(1);
  return { dir, segment: join(dir, segments[0]!) };
}

/** Where key{i}'s record starts in `segment`. */
function recordOf(segment: string, i: number): number {
  return readFileSync(segment).indexOf(`key${i}${value(i)}`) - HEADER_BYTES;
}

function flip(file: string, at: number, mask = 0x01): void {
  const bytes = readFileSync(file);
  bytes[at]! ^= mask;
  writeFileSync(file, bytes);
}

async function readAll(dir: string, keys: number): Promise<number[]> {
  const store = await KvsStore.open({ dir, sync: "none" });
  const missing: number[] = [];
  for (let i = 0; i < keys; i++) {
    const found = await store.get(`key${i}`);
    if (found === undefined) missing.push(i);
    else expect(found).toEqual({ value: value(i), version: 1 });
  }
  await store.close();
  return missing;
}

describe("kvs corruption after a crash", () => {
  it(`${KEYS} acknowledged keys, a flipped value-length byte mid-segment: the open refuses naming segment and offset, and repair keeps the other ${KEYS - 1}`, async () => {
    const { dir, segment } = await crashedStore(KEYS);
    const at = recordOf(segment, KEYS / 2);
    const size = statSync(segment).size;
    flip(segment, at + 9);
    const opening = KvsStore.open({ dir, sync: "none" });
    await expect(opening).rejects.toThrow(CorruptionError);
    const next = at + HEADER_BYTES + `key${KEYS / 2}${value(KEYS / 2)}`.length;
    await expect(opening).rejects.toThrow(
      `kvs: corrupt record in ${segment} at offset ${at}: header checksum mismatch (a damaged length, kind or version); intact records follow it at offset ${next}, so it is no torn tail: run kvs-repair --dir ${dir} to keep every intact record`,
    );
    expect(statSync(segment).size).toBe(size); // nothing cut
    expect(repairStore(dir)).toEqual({
      segments: 1,
      records: KEYS - 1,
      dropped: [{ segment: "0000000001.seg", offset: at, length: next - at, reason: "header checksum mismatch (a damaged length, kind or version)", tail: false }],
    });
    expect(await readAll(dir, KEYS)).toEqual([KEYS / 2]);
  });

  it.each([
    ["kind", 4],
    ["key length", 5],
    ["value length", 12],
    ["version", 13],
    ["header checksum", 20],
  ])("a flipped %s byte before intact records is corruption, not a torn tail", async (_field, offset) => {
    const { dir, segment } = await crashedStore(50);
    const at = recordOf(segment, 20);
    flip(segment, at + offset, 0x80);
    await expect(KvsStore.open({ dir, sync: "none" })).rejects.toThrow(`corrupt record in ${segment} at offset ${at}: `);
    expect(repairStore(dir).records).toBe(49);
    expect(await readAll(dir, 50)).toEqual([20]);
  });

  it("a damaged value under an intact header: repair drops that record alone and names its key and version", async () => {
    const { dir, segment } = await crashedStore(50);
    const at = recordOf(segment, 7);
    flip(segment, at + HEADER_BYTES + 5); // in "value-7"
    await expect(KvsStore.open({ dir, sync: "none" })).rejects.toThrow(`at offset ${at}: checksum mismatch; intact records follow it`);
    const { dropped } = repairStore(dir);
    expect(dropped).toEqual([expect.objectContaining({ offset: at, record: { key: "key7", version: 1 }, tail: false })]);
    expect(await readAll(dir, 50)).toEqual([7]);
  });

  it("two damaged stretches, one of them zeros spanning records: each is dropped and reported, every intact record kept", async () => {
    const { dir, segment } = await crashedStore(100);
    const [r30, r33, r34, r60, r61] = [30, 33, 34, 60, 61].map((i) => recordOf(segment, i)) as [number, number, number, number, number];
    const bytes = readFileSync(segment);
    bytes.fill(0, r30 + 3, r33 + 2); // 30, 31, 32 and 33's start
    bytes[r60 + 6]! ^= 0x10;
    writeFileSync(segment, bytes);
    await expect(KvsStore.open({ dir, sync: "none" })).rejects.toThrow(`at offset ${r30}: `);
    const report = repairStore(dir);
    expect(report.dropped.map(({ offset, length }) => [offset, length])).toEqual([
      [r30, r34 - r30],
      [r60, r61 - r60],
    ]);
    expect(report.records).toBe(95);
    expect(await readAll(dir, 100)).toEqual([30, 31, 32, 33, 60]);
  });

  it("damage with nothing intact after it is a torn tail: cut on open and logged, every record before it kept", async () => {
    const { dir, segment } = await crashedStore(50);
    const at = recordOf(segment, 49);
    const size = statSync(segment).size;
    flip(segment, at + 9); // the last record's length: nothing intact follows
    const log = recordingLog();
    const store = await KvsStore.open({ dir, sync: "none", log });
    await store.close();
    expect(log.lines).toEqual([`warn kvs: cut a torn tail of ${size - at} bytes at offset ${at} of ${segment} (writes a crash cut short, never acknowledged)`]);
    expect(await readAll(dir, 49)).toEqual([]);
  });

  it("a record cut short by the crash is a torn tail: repair cuts it too, and says so", async () => {
    const { dir, segment } = await crashedStore(50);
    const size = statSync(segment).size;
    const last = recordOf(segment, 49);
    truncateSync(segment, size - 3);
    expect(repairStore(dir).dropped).toEqual([
      { segment: "0000000001.seg", offset: last, length: size - 3 - last, tail: true, reason: "the file ends 3 bytes before the record does" },
    ]);
    expect(statSync(segment).size).toBe(last);
  });

  it("repair of an intact store changes nothing; repair of a store in use is refused", async () => {
    const { dir, segment } = await crashedStore(50);
    const before = readFileSync(segment);
    expect(repairStore(dir)).toEqual({ segments: 1, records: 50, dropped: [] });
    expect(readFileSync(segment).equals(before)).toBe(true);
    const store = await KvsStore.open({ dir, sync: "none" });
    writeFileSync(join(dir, "LOCK"), `${process.ppid}\nanother-opener\n`); // as if another process held it
    expect(() => repairStore(dir)).toThrow(`kvs: ${dir} is in use by process ${process.ppid}`);
    writeFileSync(join(dir, "LOCK"), `${process.pid}\nagain\n`);
    await store.close();
  });

  it("repair of a sealed segment drops its hint and the checkpoint, so the open scans it afresh", async () => {
    const dir = tempDir();
    let store = await KvsStore.open({ dir, sync: "none" });
    for (let i = 0; i < 50; i++) await store.set(`key${i}`, value(i));
    await store.close(); // sealed: hint and checkpoint written
    const segment = join(dir, "0000000001.seg");
    flip(segment, recordOf(segment, 7) + HEADER_BYTES + 5);
    store = await KvsStore.open({ dir, sync: "none" }); // from the checkpoint: the damage is found on the read
    await expect(store.get("key7")).rejects.toThrow(CorruptionError);
    await store.close();
    expect(repairStore(dir).dropped).toHaveLength(1);
    expect(readdirSync(dir).filter((name) => name.startsWith("0000000001.") || name === "index.ckpt")).toEqual(["0000000001.seg"]);
    expect(await readAll(dir, 50)).toEqual([7]);
  });
});
