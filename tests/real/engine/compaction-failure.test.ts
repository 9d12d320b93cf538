// A compaction that fails (a damaged live record; a rename that fails) is logged once with its
// reason, leaves no temporary file, and is not retried by every write: the next try waits until
// the store has doubled. Each write used to retry it, sealing a segment and leaving a .tmp file
// each time: 600k writes left 782 segments, 601 .tmp files and 804 file descriptors.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type FileOps, KvsStore, realFileOps } from "../../../src/real/engine/kvs/index.js";
import { tempDir } from "../../support/temp-dir.js";
import { recordingLog } from "./support.js";

const WRITES = 20_000;
const openFds = () => readdirSync("/proc/self/fd").length;
const files = (dir: string, extension: string) => readdirSync(dir).filter((name) => name.endsWith(extension));
/** A turn of the event loop, as a server gives between socket reads: the background compaction's file I/O moves on. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Overwrites a few keys `writes` times, 100 bytes each, letting the event loop turn every 50. */
async function churn(store: KvsStore, writes: number): Promise<void> {
  for (let i = 0; i < writes; i++) {
    await store.set(`churn${i % 10}`, `${i}`.padEnd(100, "x"));
    if (i % 50 === 0) await turn();
  }
  await store.settled();
  await store.compact().catch(() => undefined); // joins the one under way, if any, so the files are as it left them
  await store.settled(); // and the checkpoint of the segment that compaction sealed
}

/** A store whose sealed segment holds a live record with a damaged value, found only when compaction reads it. */
async function storeWithDamagedLiveRecord(): Promise<string> {
  const dir = tempDir();
  const store = await KvsStore.open({ dir, sync: "none" });
  for (let i = 0; i < 100; i++) await store.set(`live${i}`, `value-${i}`);
  await store.close();
  const segment = join(dir, "0000000001.seg");
  const bytes = readFileSync(segment);
  bytes[bytes.indexOf("value-7") + 3]! ^= 0x01;
  writeFileSync(segment, bytes);
  return dir;
}

describe("kvs compaction failure", () => {
  it(`a damaged live record and ${WRITES} writes: logged once with the reason, no .tmp file, segments and fds bounded`, async () => {
    const dir = await storeWithDamagedLiveRecord();
    const fdsBefore = openFds();
    const log = recordingLog();
    const store = await KvsStore.open({ dir, sync: "none", compactionBytes: 4096, log });
    await churn(store, WRITES);
    expect(log.lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^error kvs: compaction failed \\(kvs: corrupt record in ${join(dir, "0000000001.seg")} at offset \\d+: checksum mismatch\\); the store serves on without it and tries again once it holds \\d+ bytes; stop the server and run kvs-repair --dir ${dir} to drop the damaged record$`,
        ),
      ),
    ]);
    expect(String(store.compactionError)).toMatch(/checksum mismatch/);
    expect(files(dir, ".tmp")).toEqual([]);
    // Every try seals the active segment; tries wait for the store to double: about 2 MB of
    // writes over a few kB makes at most a dozen, where every write used to start one.
    const segments = files(dir, ".seg").length;
    expect(segments).toBeLessThanOrEqual(12);
    expect(openFds() - fdsBefore).toBeLessThanOrEqual(segments + 1); // a descriptor per segment, and the directory's
    expect(await store.get("live8")).toEqual({ value: "value-8", version: 1 }); // it serves on
    await store.close();
    expect(openFds()).toBe(fdsBefore);
  });

  it("a failure, a success after it, then a failure again: each episode of failures is logged once, and nothing is left behind", async () => {
    const dir = tempDir();
    let failRenames = true;
    const fileOps: FileOps = {
      ...realFileOps,
      rename: (from, to) => (failRenames && to.endsWith(".seg") ? Promise.reject(new Error(`ENOSPC: no space left on device, rename '${from}'`)) : realFileOps.rename(from, to)),
    };
    const log = recordingLog();
    const store = await KvsStore.open({ dir, sync: "none", compactionBytes: 4096, fileOps, log });
    await churn(store, 2000);
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatch(/^error kvs: compaction failed \(ENOSPC: no space left on device, rename '.*\.seg\.tmp'\); the store serves on without it and tries again once it holds \d+ bytes$/);
    expect(files(dir, ".tmp")).toEqual([]);
    for (const hint of files(dir, ".hint")) expect(files(dir, ".seg")).toContain(hint.replace(/hint$/, "seg")); // no hint of an output that never came
    failRenames = false;
    await churn(store, 2000);
    expect(store.compactionError).toBeUndefined();
    expect(files(dir, ".seg").length).toBeLessThanOrEqual(3); // compacted: the output, and the segments written since
    failRenames = true;
    await churn(store, 4000);
    expect(log.lines).toHaveLength(2);
    expect(files(dir, ".tmp")).toEqual([]);
    await store.close();
  });

  it("hint files and checkpoints that cannot be renamed into place leave no .tmp file either", async () => {
    const dir = tempDir();
    const fileOps: FileOps = { ...realFileOps, rename: (from) => Promise.reject(new Error(`ENOSPC: no space left on device, rename '${from}'`)) };
    const store = await KvsStore.open({ dir, sync: "none", segmentBytes: 8192, fileOps });
    await churn(store, 1000); // seals a segment every 8 kB: a hint and a checkpoint each time
    await store.close();
    expect(files(dir, ".tmp")).toEqual([]);
    expect(files(dir, ".hint")).toEqual([]);
    const reopened = await KvsStore.open({ dir, sync: "none" }); // scans every segment instead
    expect(await reopened.get("churn9")).toEqual({ value: "999".padEnd(100, "x"), version: 100 });
    await reopened.close();
  });
});
