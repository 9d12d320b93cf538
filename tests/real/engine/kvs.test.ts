// What only the hand-written engine promises: recovery from a torn or corrupt tail, corruption
// reported rather than served, hint files, compaction beside reads, and the sync policies' fsyncs.
import { appendFileSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CorruptionError, type FileOps, KvsStore, realFileOps } from "../../../src/real/engine/kvs/index.js";
import { HEADER_BYTES, Kind, encodeRecord } from "../../../src/real/engine/kvs/record.js";
import { tempDir } from "../../support/temp-dir.js";

/** The store's files with this extension, oldest generation first. */
function files(dir: string, extension: "seg" | "hint"): string[] {
  return readdirSync(dir).filter((name) => name.endsWith(`.${extension}`)).sort().map((name) => join(dir, name));
}

/** Flips one byte of `file`, found as the first byte of `text`. */
function corrupt(file: string, text: string): number {
  const bytes = readFileSync(file);
  const at = bytes.indexOf(text);
  expect(at).toBeGreaterThan(0);
  bytes[at]! ^= 0xff;
  writeFileSync(file, bytes);
  return at;
}

/** A closed store without the files a clean close writes last: the index checkpoint and the last hint. */
async function crashedStore(dir: string, writes: Array<[string, string]>): Promise<string> {
  const store = await KvsStore.open({ dir, sync: "none" });
  for (const [key, value] of writes) await store.set(key, value);
  await store.close();
  rmSync(join(dir, "index.ckpt"));
  const last = files(dir, "seg").at(-1)!;
  rmSync(last.replace(/seg$/, "hint"));
  return last;
}

/** File operations that count fsyncs per file and can hold them (or renames) until released. */
function observedOps() {
  const fsyncs: number[] = [];
  let holdFsync: Promise<void> | undefined;
  let holdRename: ((path: string) => boolean) | undefined;
  let releaseRename!: () => void;
  const renameHeld = new Promise<void>((resolve) => (releaseRename = resolve));
  let renameReached!: () => void;
  const reachedRename = new Promise<void>((resolve) => (renameReached = resolve));
  const ops: FileOps = {
    async fsync(fd) {
      fsyncs.push(fd);
      await holdFsync;
      return realFileOps.fsync(fd);
    },
    async rename(from, to) {
      if (holdRename?.(to)) {
        renameReached();
        await renameHeld;
      }
      return realFileOps.rename(from, to);
    },
  };
  return {
    ops,
    fsyncs,
    holdFsyncs(): () => void {
      let release!: () => void;
      holdFsync = new Promise((resolve) => (release = resolve));
      return () => {
        holdFsync = undefined;
        release();
      };
    },
    holdRenames(which: (path: string) => boolean): { reached: Promise<void>; release: () => void } {
      holdRename = which;
      return { reached: reachedRename, release: releaseRename };
    },
  };
}

describe("kvs recovery", () => {
  it("truncates a torn tail record on reopen and appends after the last intact one", async () => {
    const dir = tempDir();
    const last = await crashedStore(dir, [["a", "1"], ["b", "2"]]);
    const intact = statSync(last).size;
    appendFileSync(last, encodeRecord(Kind.Value, "c", "x".repeat(100), 1).subarray(0, 60)); // the crash cut this write short
    let store = await KvsStore.open({ dir, sync: "none" });
    expect(statSync(last).size).toBe(intact);
    expect(await store.get("a")).toEqual({ value: "1", version: 1 });
    expect(await store.get("b")).toEqual({ value: "2", version: 1 });
    expect(await store.get("c")).toBeUndefined();
    await store.set("c", "3");
    await store.close();
    store = await KvsStore.open({ dir, sync: "none" });
    expect(await store.get("c")).toEqual({ value: "3", version: 1 });
    await store.close();
  });

  it("truncates a tail record with a corrupt byte: its write is lost, never served", async () => {
    const dir = tempDir();
    const last = await crashedStore(dir, [["a", "first"], ["b", "second"]]);
    const tail = readFileSync(last).indexOf("bsecond") - HEADER_BYTES;
    corrupt(last, "second");
    const store = await KvsStore.open({ dir, sync: "none" });
    expect(await store.get("a")).toEqual({ value: "first", version: 1 });
    expect(await store.get("b")).toBeUndefined();
    expect(statSync(last).size).toBe(tail);
    await store.close();
  });

  it("refuses to open over a corrupt record in the middle of a segment, naming the file and offset", async () => {
    const dir = tempDir();
    const last = await crashedStore(dir, [["a", "first"], ["b", "second"], ["c", "third"]]);
    corrupt(last, "second");
    const offset = readFileSync(last).indexOf("b") - HEADER_BYTES;
    const opening = KvsStore.open({ dir, sync: "none" });
    await expect(opening).rejects.toThrow(CorruptionError);
    await expect(opening).rejects.toThrow(`corrupt record in ${last} at offset ${offset}: checksum mismatch`);
    expect(statSync(last).size).toBeGreaterThan(offset); // nothing truncated
  });

  it("reopens from hint files without reading values, and reports a corrupt value when it is read", async () => {
    const dir = tempDir();
    let store = await KvsStore.open({ dir, sync: "none" });
    for (let round = 0; round < 3; round++) for (let i = 0; i < 50; i++) await store.set(`key${i}`, `value-${round}-${i}.`);
    await store.compact();
    await store.close();
    rmSync(join(dir, "index.ckpt"));
    const compacted = files(dir, "seg")[0]!;
    expect(existsSync(compacted.replace(/seg$/, "hint"))).toBe(true);
    const offset = corrupt(compacted, "value-2-7.");
    store = await KvsStore.open({ dir, sync: "none" }); // a scan would have refused: the record is mid-segment
    expect(await store.get("key8")).toEqual({ value: "value-2-8.", version: 3 });
    const reading = store.get("key7");
    await expect(reading).rejects.toThrow(CorruptionError);
    await expect(reading).rejects.toThrow(`corrupt record in ${compacted} at offset ${readFileSync(compacted).lastIndexOf("key7", offset) - HEADER_BYTES}: checksum mismatch`);
    await store.close();
  });

  it("scans a segment whose hint fails its checksum", async () => {
    const dir = tempDir();
    let store = await KvsStore.open({ dir, sync: "none" });
    await store.set("a", "1");
    await store.remove("a");
    await store.set("b", "2");
    await store.close();
    rmSync(join(dir, "index.ckpt"));
    const hint = files(dir, "hint")[0]!;
    corrupt(hint, "b");
    store = await KvsStore.open({ dir, sync: "none" });
    expect(await store.get("a")).toBeUndefined();
    expect(await store.get("b")).toEqual({ value: "2", version: 1 });
    await store.close();
  });

  it("ignores an unfinished compaction's output", async () => {
    const dir = tempDir();
    let store = await KvsStore.open({ dir, sync: "none" });
    await store.set("a", "1");
    await store.close();
    writeFileSync(join(dir, "0000000099.seg.tmp"), "half a compaction");
    store = await KvsStore.open({ dir, sync: "none" });
    expect(await store.get("a")).toEqual({ value: "1", version: 1 });
    expect(existsSync(join(dir, "0000000099.seg.tmp"))).toBe(false);
    await store.close();
  });
});

describe("kvs index checkpoint", () => {
  it("restores the index on reopen without reading hint files or records", async () => {
    const dir = tempDir();
    let store = await KvsStore.open({ dir, sync: "none" });
    for (let i = 0; i < 20; i++) await store.set(`key${i}`, `value-${i}.`);
    await store.close();
    for (const hint of files(dir, "hint")) rmSync(hint);
    const segment = files(dir, "seg")[0]!;
    corrupt(segment, "value-7."); // mid-segment: a scan would refuse to open
    store = await KvsStore.open({ dir, sync: "none" });
    expect(await store.get("key8")).toEqual({ value: "value-8.", version: 1 });
    await expect(store.get("key7")).rejects.toThrow(CorruptionError);
    await store.close();
  });

  it("is ignored when the segments are not the ones it describes", async () => {
    const dir = tempDir();
    let store = await KvsStore.open({ dir, sync: "none" });
    await store.set("a", "1");
    await store.close();
    const last = files(dir, "seg").at(-1)!;
    const intact = statSync(last).size;
    rmSync(last.replace(/seg$/, "hint"));
    appendFileSync(last, encodeRecord(Kind.Value, "b", "2", 1).subarray(0, 10));
    store = await KvsStore.open({ dir, sync: "none" });
    expect(statSync(last).size).toBe(intact); // scanned, so the torn tail went
    expect(await store.get("a")).toEqual({ value: "1", version: 1 });
    await store.close();
  });

  it("restores removed keys' free entries so that new keys reuse them", async () => {
    const dir = tempDir();
    let store = await KvsStore.open({ dir, sync: "none" });
    for (let i = 0; i < 300; i++) await store.set(`key${i}`, `${i}`);
    for (let i = 0; i < 300; i += 3) await store.remove(`key${i}`);
    await store.close();
    store = await KvsStore.open({ dir, sync: "none" });
    for (let i = 0; i < 300; i += 3) await store.set(`new${i}`, `n${i}`);
    const expected = async (engine: KvsStore): Promise<void> => {
      for (let i = 0; i < 300; i++) {
        expect((await engine.get(`key${i}`))?.value).toBe(i % 3 === 0 ? undefined : `${i}`);
        if (i % 3 === 0) expect((await engine.get(`new${i}`))?.value).toBe(`n${i}`);
      }
    };
    await expected(store);
    await store.close();
    rmSync(join(dir, "index.ckpt"));
    store = await KvsStore.open({ dir, sync: "none" }); // from the hint files this time
    await expected(store);
    await store.close();
  });
});

describe("kvs compaction", () => {
  it("answers reads and takes writes while it runs, and keeps what they did", async () => {
    const dir = tempDir();
    const observed = observedOps();
    const store = await KvsStore.open({ dir, sync: "none", fileOps: observed.ops, segmentBytes: 1024 });
    for (let round = 0; round < 4; round++) for (let i = 0; i < 20; i++) await store.set(`key${i}`, `${round}`);
    await store.remove("key19");
    const inputs = files(dir, "seg");
    const gate = observed.holdRenames((path) => path.endsWith(".seg"));
    let finished = false;
    const compaction = store.compact().then(() => (finished = true));
    await gate.reached; // the output is written; the index still points at the inputs
    for (let i = 0; i < 19; i++) expect(await store.get(`key${i}`)).toEqual({ value: "3", version: 4 });
    expect(await store.get("key19")).toBeUndefined();
    await store.set("key0", "during");
    expect(await store.remove("key1")).toBe(true);
    expect(await store.put("key2", "during", 4)).toBe("OK");
    expect(finished).toBe(false);
    gate.release();
    await compaction;
    const expected = (i: number) => (i === 0 || i === 2 ? { value: "during", version: 5 } : { value: "3", version: 4 });
    const check = async (engine: KvsStore): Promise<void> => {
      expect(await engine.get("key1")).toBeUndefined();
      expect(await engine.get("key19")).toBeUndefined();
      for (const i of [0, 2, 3, 18]) expect(await engine.get(`key${i}`)).toEqual(expected(i));
    };
    await check(store);
    expect(inputs.filter((file) => existsSync(file))).toEqual([]);
    await store.close();
    const reopened = await KvsStore.open({ dir, sync: "none" });
    await check(reopened);
    await reopened.close();
  });

  it("drops the tombstones it no longer needs without bringing removed keys back", async () => {
    const dir = tempDir();
    let store = await KvsStore.open({ dir, sync: "none", segmentBytes: 64 });
    for (let i = 0; i < 10; i++) await store.set(`key${i}`, "value");
    for (let i = 0; i < 10; i += 2) await store.remove(`key${i}`);
    await store.compact();
    await store.close();
    store = await KvsStore.open({ dir, sync: "none" });
    for (let i = 0; i < 10; i++) expect((await store.get(`key${i}`))?.value).toBe(i % 2 === 0 ? undefined : "value");
    await store.close();
    expect(readFileSync(files(dir, "seg")[0]!).includes("key0")).toBe(false);
  });
});

describe("kvs value cache", () => {
  it("answers from memory or disk alike when its budget holds only a few values", async () => {
    const store = await KvsStore.open({ dir: tempDir(), sync: "none", cacheBytes: 300 });
    for (let round = 0; round < 2; round++) for (let i = 0; i < 50; i++) await store.set(`key${i}`, `value-${round}-${i}`);
    for (let i = 49; i >= 0; i--) expect(await store.get(`key${i}`)).toEqual({ value: `value-1-${i}`, version: 2 });
    await store.remove("key3");
    expect(await store.get("key3")).toBeUndefined();
    await store.close();
  });
});

describe("kvs sync policies", () => {
  it("batch: concurrent writes share one fsync", async () => {
    const observed = observedOps();
    const store = await KvsStore.open({ dir: tempDir(), sync: "batch", fileOps: observed.ops });
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.set(`key${i}`, "v")));
    expect(observed.fsyncs).toHaveLength(2); // the segment, and the directory that gained it
    expect(new Set(observed.fsyncs).size).toBe(2);
    await store.close();
  });

  it("batch: a write acknowledges only after an fsync that began after it", async () => {
    const observed = observedOps();
    const store = await KvsStore.open({ dir: tempDir(), sync: "batch", fileOps: observed.ops });
    await store.set("warm", "up"); // the directory's fsync is behind us
    observed.fsyncs.length = 0;
    const release = observed.holdFsyncs();
    let firstDone = false;
    let secondDone = false;
    const first = Promise.all([store.set("a", "1"), store.set("b", "1")]).then(() => (firstDone = true));
    await Promise.resolve(); // the first round has started its fsync, which is held
    const second = Promise.all([store.set("c", "1"), store.set("d", "1")]).then(() => (secondDone = true));
    expect(observed.fsyncs).toHaveLength(1);
    expect([firstDone, secondDone]).toEqual([false, false]);
    release();
    await first;
    await second;
    expect(observed.fsyncs).toHaveLength(2); // the second round covered both later writes
    await store.close();
  });

  it("always: every write has its own fsync; none: writes have none", async () => {
    for (const [sync, expected] of [["always", 20], ["none", 0]] as const) {
      const observed = observedOps();
      const dir = tempDir();
      const store = await KvsStore.open({ dir, sync, fileOps: observed.ops });
      await store.set("warm", "up");
      observed.fsyncs.length = 0;
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`key${i}`, "v")));
      expect(observed.fsyncs).toHaveLength(expected);
      await store.close();
    }
  });
});

/** File operations that count segment writes (their lengths) and fail the next one when told to. */
function countedWrites() {
  const writes: number[] = [];
  let failNext = false;
  const ops: FileOps = {
    ...realFileOps,
    write(fd, bytes, offset, length, position) {
      writes.push(length);
      if (failNext) {
        failNext = false;
        const written = realFileOps.write!(fd, bytes, offset, Math.ceil(length / 2), position); // a torn write, then the error
        throw Object.assign(new Error(`ENOSPC: no space left on device (after ${written} bytes)`), { code: "ENOSPC" });
      }
      return realFileOps.write!(fd, bytes, offset, length, position);
    },
  };
  return { ops, writes, failNextWrite: () => (failNext = true) };
}

describe("kvs segment writes", () => {
  it("writes issued in one tick share one write(2); each resolves once its bytes are in the file", async () => {
    for (const sync of ["none", "batch"] as const) {
      const counted = countedWrites();
      const dir = tempDir();
      const store = await KvsStore.open({ dir, sync, fileOps: counted.ops, cacheBytes: 0 });
      await store.set("warm", "up");
      counted.writes.length = 0;
      const sets = Array.from({ length: 50 }, (_, i) => store.set(`key${i}`, `value${i}`));
      const read = store.get("key7"); // from the tail in memory: nothing is written yet
      expect(counted.writes).toEqual([]);
      expect(await read).toEqual({ value: "value7", version: 1 });
      const versions = await Promise.all(sets);
      expect(versions).toEqual(Array(50).fill(1));
      expect(counted.writes).toHaveLength(1);
      const segment = readFileSync(files(dir, "seg")[0]!, "latin1");
      for (let i = 0; i < 50; i++) expect(segment).toContain(`key${i}value${i}`);
      await store.close();
    }
  });

  it("setNow applies at once; durable() waits for the end of the event loop's turn, so writes made across microtask turns share one write(2)", async () => {
    for (const sync of ["none", "batch"] as const) {
      const counted = countedWrites();
      const store = await KvsStore.open({ dir: tempDir(), sync, fileOps: counted.ops });
      await store.set("warm", "up");
      counted.writes.length = 0;
      expect(store.setNow("a", "1")).toBe(1);
      expect(store.getNow("a")).toEqual({ value: "1", version: 1 }); // applied before it is durable
      const first = store.durable();
      await Promise.resolve(); // as another connection's socket read would come after this one's
      expect(store.setNow("a", "2")).toBe(2);
      await Promise.all([first, store.durable()]);
      expect(counted.writes).toHaveLength(1);
      await store.close();
    }
  });

  it("always: every write has its own write(2)", async () => {
    const counted = countedWrites();
    const store = await KvsStore.open({ dir: tempDir(), sync: "always", fileOps: counted.ops });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`key${i}`, "v")));
    expect(counted.writes).toHaveLength(20);
    await store.close();
  });

  it("a failed write refuses the writes it carried and takes them back; reads and later writes go on, and a reopen holds every acknowledged write", async () => {
    const dir = tempDir();
    const counted = countedWrites();
    const store = await KvsStore.open({ dir, sync: "none", fileOps: counted.ops });
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.set(`key${i}`, "acknowledged")));
    counted.failNextWrite();
    const refused = await Promise.allSettled([store.set("key0", "lost"), store.set("new", "lost"), store.remove("key1")]);
    expect(refused.map((outcome) => (outcome.status === "rejected" ? String(outcome.reason) : "fulfilled"))).toEqual(
      Array(3).fill(expect.stringMatching(/writing to .*\.seg failed \(ENOSPC.*\): 3 write\(s\) refused, not applied; reads go on/)),
    );
    expect(await store.get("key0")).toEqual({ value: "acknowledged", version: 1 });
    expect(await store.get("key1")).toEqual({ value: "acknowledged", version: 1 });
    expect(await store.get("new")).toBeUndefined();
    expect(await store.set("key2", "after")).toBe(2);
    await store.close();
    const reopened = await KvsStore.open({ dir, sync: "none" });
    for (let i = 0; i < 10; i++) expect(await reopened.get(`key${i}`)).toEqual({ value: i === 2 ? "after" : "acknowledged", version: i === 2 ? 2 : 1 });
    expect(await reopened.get("new")).toBeUndefined();
    await reopened.close();
  });
});

describe("kvs directory lock", () => {
  it("refuses a directory another running process holds, and takes over a dead one's lock", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "LOCK"), String(process.ppid)); // a process that runs: our parent
    await expect(KvsStore.open({ dir, sync: "none" })).rejects.toThrow(`kvs: ${dir} is in use by process ${process.ppid}`);
    writeFileSync(join(dir, "LOCK"), "4194305"); // above Linux's largest pid: no such process
    const store = await KvsStore.open({ dir, sync: "none" });
    expect(readFileSync(join(dir, "LOCK"), "utf8").split("\n")[0]).toBe(String(process.pid));
    await store.close();
    expect(existsSync(join(dir, "LOCK"))).toBe(false);
  });
});
