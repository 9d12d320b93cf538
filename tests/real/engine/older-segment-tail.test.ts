// Only the newest segment can end in a torn tail: the store writes a segment whole before it starts
// the next. Damage at the end of an older segment cut acknowledged writes, so the open refuses it
// as corruption, in one line naming segment and offset, where it used to cut it as a torn tail and
// lose those writes without a word; repair drops it and says so.
import { readFileSync, readdirSync, rmSync, statSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CorruptionError, KvsStore, repairStore } from "../../../src/real/engine/kvs/index.js";
import { HEADER_BYTES } from "../../../src/real/engine/kvs/record.js";
import { tempDir } from "../../support/temp-dir.js";
import { recordingLog } from "./support.js";

/** A store of two segments, 0000000001.seg holding a0..a9 and 0000000002.seg b0..b9, with neither hint files nor checkpoint. */
async function twoSegments(): Promise<{ dir: string; older: string; newer: string }> {
  const dir = tempDir();
  for (const prefix of ["a", "b"]) {
    const store = await KvsStore.open({ dir, sync: "none" });
    for (let i = 0; i < 10; i++) await store.set(`${prefix}${i}`, `value-${prefix}${i}`);
    await store.close();
  }
  for (const name of readdirSync(dir)) if (name.endsWith(".hint") || name === "index.ckpt") rmSync(join(dir, name));
  expect(readdirSync(dir).sort()).toEqual(["0000000001.seg", "0000000002.seg"]);
  return { dir, older: join(dir, "0000000001.seg"), newer: join(dir, "0000000002.seg") };
}

/** Cuts the last 3 bytes of `segment`; returns where its last record starts (`key`'s). */
function tearEnd(segment: string, key: string): number {
  const at = readFileSync(segment).indexOf(`${key}value-${key}`) - HEADER_BYTES;
  truncateSync(segment, statSync(segment).size - 3);
  return at;
}

describe("kvs damage at the end of a segment", () => {
  it("at the end of an older segment without a hint: the open refuses in one line naming segment and offset, and touches no file", async () => {
    const { dir, older, newer } = await twoSegments();
    const at = tearEnd(older, "a9");
    const sizes = [statSync(older).size, statSync(newer).size];
    const error = await KvsStore.open({ dir, sync: "none" }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(CorruptionError);
    expect(error).toMatchObject({ file: older, offset: at });
    const message = (error as Error).message;
    expect(message).toBe(
      `kvs: corrupt record in ${older} at offset ${at}: the file ends 3 bytes before the record does, at the end of a segment older than the newest, which the store wrote whole before it started the next, so it is no torn tail: run kvs-repair --dir ${dir} to keep every intact record`,
    );
    expect(message).not.toContain("\n");
    expect([statSync(older).size, statSync(newer).size]).toEqual(sizes); // nothing cut
    expect(readdirSync(dir)).not.toContain("LOCK"); // the refused open let the store go
  });

  it("repair drops the torn record of the older segment and names it; the store then opens with every other write", async () => {
    const { dir, older } = await twoSegments();
    const at = tearEnd(older, "a9");
    const report = repairStore(dir);
    expect(report.dropped).toEqual([expect.objectContaining({ segment: "0000000001.seg", offset: at, tail: true })]);
    const store = await KvsStore.open({ dir, sync: "none" });
    expect(await store.get("a9")).toBeUndefined();
    expect(await store.get("a8")).toEqual({ value: "value-a8", version: 1 });
    expect(await store.get("b9")).toEqual({ value: "value-b9", version: 1 });
    await store.close();
  });

  it("at the end of the newest segment: a torn tail, cut and logged, and the older segment's writes all kept", async () => {
    const { dir, newer } = await twoSegments();
    const at = tearEnd(newer, "b9");
    const log = recordingLog();
    const store = await KvsStore.open({ dir, sync: "none", log });
    expect(log.lines).toEqual([`warn kvs: cut a torn tail of ${HEADER_BYTES + "b9value-b9".length - 3} bytes at offset ${at} of ${newer} (writes a crash cut short, never acknowledged)`]);
    expect(statSync(newer).size).toBe(at);
    expect(await store.get("b9")).toBeUndefined();
    expect(await store.get("a9")).toEqual({ value: "value-a9", version: 1 });
    await store.close();
  });
});
