// A full disk, injected at every file operation by which the open kvs store writes, creates or
// syncs a file: writes are refused and taken back, reads go on, writes resume when space returns.
import { readdirSync, renameSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SyncPolicy } from "../../../src/real/engine/engine.js";
import { type FileOps, KvsStore, realFileOps } from "../../../src/real/engine/kvs/index.js";
import { tempDir } from "../../support/temp-dir.js";

type Operation = keyof FileOps;
const WRITING: Operation[] = ["write", "create", "writeFile", "rename"];

function enospc(operation: string): Error {
  return Object.assign(new Error(`ENOSPC: no space left on device, ${operation}`), { code: "ENOSPC" });
}

/** File operations that fail with ENOSPC while their name is in `full`; a segment write tears first. */
function fullDisk() {
  const full = new Set<Operation>();
  const failed: Operation[] = [];
  const refuse = (operation: Operation): void => {
    if (!full.has(operation)) return;
    failed.push(operation);
    throw enospc(operation);
  };
  const ops: Required<FileOps> = {
    fsync: async (fd) => (refuse("fsync"), realFileOps.fsync(fd)),
    rename: async (from, to) => (refuse("rename"), realFileOps.rename(from, to)),
    write: (fd, bytes, offset, length, position) => {
      if (full.has("write") && length > 1) realFileOps.write(fd, bytes, offset, length >> 1, position); // a torn write, then the error
      refuse("write");
      return realFileOps.write(fd, bytes, offset, length, position);
    },
    create: (path) => (refuse("create"), realFileOps.create(path)),
    writeFile: async (path, bytes) => (refuse("writeFile"), realFileOps.writeFile(path, bytes)),
  };
  return { ops, full, failed };
}

const REFUSED = /kvs: writing to .*\.seg failed \(ENOSPC: no space left on device, write\): \d+ write\(s\) refused, not applied; reads go on, and writes resume once the disk takes them/;

describe("kvs on a full disk", () => {
  for (const sync of ["none", "batch", "always"] as SyncPolicy[]) {
    it(`${sync}: every write is refused while the disk is full and reads serve every acknowledged value; writes resume when space returns, and a reopen holds exactly the acknowledged writes`, async () => {
      const dir = tempDir();
      const disk = fullDisk();
      const store = await KvsStore.open({ dir, sync, fileOps: disk.ops, segmentBytes: 1024 });
      await Promise.all(Array.from({ length: 40 }, (_, i) => store.set(`key${i}`, `v${i}`)));
      for (const operation of WRITING) disk.full.add(operation);
      const refused = await Promise.allSettled([store.set("key0", "x"), store.put("key1", "x", 1), store.put("new", "x", 0), store.remove("key2"), store.remove("key3", 1)]);
      for (const outcome of refused) expect(outcome).toEqual({ status: "rejected", reason: expect.objectContaining({ message: expect.stringMatching(REFUSED) }) });
      // The server's way: applied at once, refused at the round.
      expect(store.setNow("key4", "x")).toBe(2);
      await expect(store.durable()).rejects.toThrow(REFUSED);
      expect(await store.put("key5", "x", 7)).toBe("ErrVersion"); // refused by the rule, before the disk
      for (let i = 0; i < 40; i++) expect(store.getNow(`key${i}`)).toEqual({ value: `v${i}`, version: 1 });
      expect(await store.get("new")).toBeUndefined();
      disk.full.clear();
      expect(await store.set("key0", "after")).toBe(2);
      expect(await store.remove("key1")).toBe(true);
      await store.close();
      const reopened = await KvsStore.open({ dir, sync });
      expect(await reopened.get("key0")).toEqual({ value: "after", version: 2 });
      expect(await reopened.get("key1")).toBeUndefined();
      for (let i = 2; i < 40; i++) expect(await reopened.get(`key${i}`)).toEqual({ value: `v${i}`, version: 1 });
      expect(await reopened.get("new")).toBeUndefined();
      await reopened.close();
    });
  }

  it("a segment that cannot be sealed (no room for the next) takes writes on, and is sealed once there is room; hints and checkpoints that fail leave nothing behind", async () => {
    const dir = tempDir();
    const disk = fullDisk();
    const store = await KvsStore.open({ dir, sync: "batch", fileOps: disk.ops, segmentBytes: 256 });
    disk.full.add("create").add("writeFile");
    for (let i = 0; i < 30; i++) expect(await store.set(`key${i}`, "x".repeat(20))).toBe(1);
    expect(disk.failed).toContain("create");
    expect(readdirSync(dir).filter((name) => name.endsWith(".seg"))).toHaveLength(1);
    disk.full.clear();
    await store.set("more", "y");
    await store.settled();
    expect(readdirSync(dir).filter((name) => name.endsWith(".seg"))).toHaveLength(2);
    await store.close();
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    const reopened = await KvsStore.open({ dir, sync: "batch" });
    for (let i = 0; i < 30; i++) expect(await reopened.get(`key${i}`)).toEqual({ value: "x".repeat(20), version: 1 });
    await reopened.close();
  });

  it("a compaction on a full disk (its output cannot be created, or written) fails leaving the store as it was and no file behind; one after space returns succeeds", async () => {
    const dir = tempDir();
    const disk = fullDisk();
    const store = await KvsStore.open({ dir, sync: "none", fileOps: disk.ops, segmentBytes: 512 });
    for (let round = 0; round < 5; round++) await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`key${i}`, `r${round}`)));
    for (const operation of ["create", "write"] as Operation[]) {
      disk.full.clear();
      disk.full.add(operation);
      await expect(store.compact()).rejects.toThrow(/ENOSPC/);
      disk.full.clear();
      await store.settled(); // the hints and checkpoint of the segments it sealed
      expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
      for (let i = 0; i < 20; i++) expect(await store.get(`key${i}`)).toEqual({ value: "r4", version: 5 });
    }
    await store.compact();
    expect(readdirSync(dir).filter((name) => name.endsWith(".seg")).length).toBeLessThanOrEqual(2);
    await store.close();
    const reopened = await KvsStore.open({ dir, sync: "none" });
    for (let i = 0; i < 20; i++) expect(await reopened.get(`key${i}`)).toEqual({ value: "r4", version: 5 });
    await reopened.close();
  });

  describe("writes refused while a compaction runs", () => {
    /**
     * A store of 20 keys whose compaction waits before publishing its output (`waiting`) until
     * `publish()`; from there to its swap it takes no turn of the event loop (rename and fsync here
     * take none), so a write applied at once is still to be written out at the swap.
     */
    async function compacting() {
      const disk = fullDisk();
      let publish!: () => void;
      let reached!: () => void;
      const published = new Promise<void>((resolve) => (publish = resolve));
      const waiting = new Promise<void>((resolve) => (reached = resolve));
      const rename = async (from: string, to: string): Promise<void> => {
        if (from.endsWith(".seg.tmp")) reached(), await published;
        renameSync(from, to);
      };
      const ops = { ...disk.ops, fsync: async () => undefined, rename };
      const dir = tempDir();
      const store = await KvsStore.open({ dir, sync: "none", fileOps: ops, cacheBytes: 0 });
      for (let round = 0; round < 3; round++) await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`key${i}`, `r${round}`)));
      const compaction = store.compact();
      await waiting;
      return { dir, disk, store, compaction, publish };
    }

    it("refused while it copies: the compaction gives up before its swap, removing its output, and the store reads as it was", async () => {
      const { dir, disk, store, compaction, publish } = await compacting();
      disk.full.add("write");
      await expect(store.set("key0", "refused")).rejects.toThrow(REFUSED);
      disk.full.clear();
      publish();
      await expect(compaction).rejects.toThrow("writes were refused while it copied (a full disk?); it starts over later");
      await store.settled();
      expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
      for (let i = 0; i < 20; i++) expect(await store.get(`key${i}`)).toEqual({ value: "r2", version: 3 });
      await store.compact();
      await store.close();
      const reopened = await KvsStore.open({ dir, sync: "none" });
      for (let i = 0; i < 20; i++) expect(await reopened.get(`key${i}`)).toEqual({ value: "r2", version: 3 });
      await reopened.close();
    });

    it("refused after its swap: the key points again at the compaction's copy of its record, not at the input it deleted", async () => {
      const { dir, disk, store, compaction, publish } = await compacting();
      publish();
      expect(store.setNow("key0", "refused")).toBe(4); // applied now; its write-out comes at the end of the turn, after the swap
      disk.full.add("write");
      const refused = store.durable().then(() => "acknowledged", String);
      await compaction;
      expect(await refused).toMatch(REFUSED);
      disk.full.clear();
      expect(readdirSync(dir).filter((name) => name.endsWith(".seg"))).toHaveLength(2); // the output and the active segment
      for (let i = 0; i < 20; i++) expect(await store.get(`key${i}`)).toEqual({ value: "r2", version: 3 });
      await store.close();
      const reopened = await KvsStore.open({ dir, sync: "none" });
      for (let i = 0; i < 20; i++) expect(await reopened.get(`key${i}`)).toEqual({ value: "r2", version: 3 });
      await reopened.close();
    });
  });

  it("an fsync that fails refuses its round's writes; the next round's writes are acknowledged", async () => {
    const disk = fullDisk();
    const store = await KvsStore.open({ dir: tempDir(), sync: "batch", fileOps: disk.ops });
    await store.set("a", "1");
    disk.full.add("fsync");
    await expect(Promise.all([store.set("a", "2"), store.set("b", "1")])).rejects.toThrow(/ENOSPC: no space left on device, fsync/);
    disk.full.clear();
    expect(await store.set("c", "1")).toBe(1);
    expect(await store.get("c")).toEqual({ value: "1", version: 1 });
    await store.close();
  });

  it("any run of writes, reads, compactions and full or free disk: every read is the acknowledged state, and so is the store reopened", async () => {
    const key = fc.constantFrom("a", "b", "c", "d", "e");
    const write = fc.oneof(
      fc.record({ op: fc.constant("set" as const), key, value: fc.string({ maxLength: 40 }) }),
      fc.record({ op: fc.constant("put" as const), key, value: fc.string({ maxLength: 40 }), version: fc.nat(4) }),
      fc.record({ op: fc.constant("remove" as const), key, version: fc.option(fc.nat(4), { nil: undefined }) }),
    );
    const step = fc.oneof(
      fc.record({ op: fc.constant("batch" as const), writes: fc.array(write, { minLength: 1, maxLength: 6 }) }),
      fc.record({ op: fc.constant("disk" as const), full: fc.subarray(WRITING) }),
      fc.record({ op: fc.constant("compact" as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<SyncPolicy>("none", "batch", "always"), fc.array(step, { maxLength: 40 }), async (sync, steps) => {
        const dir = tempDir();
        const disk = fullDisk();
        const store = await KvsStore.open({ dir, sync, fileOps: disk.ops, segmentBytes: 200, compactionBytes: 100 });
        const model = new Map<string, { value: string; version: number }>();
        for (const s of steps) {
          if (s.op === "disk") {
            disk.full.clear();
            for (const operation of s.full) disk.full.add(operation);
          } else if (s.op === "compact") {
            await store.compact().catch(() => undefined);
          } else {
            const next = new Map(model);
            const expected = s.writes.map((w) => apply(next, w));
            const outcomes = await Promise.allSettled(s.writes.map((w) => (w.op === "set" ? store.set(w.key, w.value) : w.op === "put" ? store.put(w.key, w.value, w.version) : store.remove(w.key, w.version))));
            // Writes of one round stand or fall together; those refused by the rule touch no disk.
            if (outcomes.every((outcome) => outcome.status === "fulfilled")) {
              expect(outcomes.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value)).toEqual(expected);
              model.clear();
              for (const [k, v] of next) model.set(k, v);
            } else {
              for (const outcome of outcomes) if (outcome.status === "rejected") expect(String(outcome.reason)).toMatch(/ENOSPC/);
            }
          }
          for (const k of ["a", "b", "c", "d", "e"]) expect(await store.get(k)).toEqual(model.get(k));
        }
        disk.full.clear();
        await store.close();
        expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
        const reopened = await KvsStore.open({ dir, sync });
        for (const k of ["a", "b", "c", "d", "e"]) expect(await reopened.get(k)).toEqual(model.get(k));
        await reopened.close();
      }),
      { numRuns: 60 },
    );
  });
});

type Write = { op: "set"; key: string; value: string } | { op: "put"; key: string; value: string; version: number } | { op: "remove"; key: string; version: number | undefined };

/** Applies `w` to `state` as the engine's contract says; returns what the call resolves to. */
function apply(state: Map<string, { value: string; version: number }>, w: Write): unknown {
  const current = state.get(w.key)?.version ?? 0;
  if (w.op === "set") {
    state.set(w.key, { value: w.value, version: current + 1 });
    return current + 1;
  }
  if (w.op === "put") {
    const outcome = current === 0 && w.version !== 0 ? "ErrNoKey" : current === w.version ? "OK" : "ErrVersion";
    if (outcome === "OK") state.set(w.key, { value: w.value, version: current + 1 });
    return outcome;
  }
  if (current === 0 || (w.version !== undefined && w.version !== current)) return false;
  state.delete(w.key);
  return true;
}
