// A compaction that fails after its output is renamed into place (the directory's fsync, or the
// output's open, fails) removes that output and its hint. Left on disk, the output is in no list of
// the store's, and it holds no tombstones: once a later compaction dropped the tombstone of a key
// deleted since, the next open would find the key's old value in it, back from the dead.
import { fstatSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type FileOps, KvsStore, realFileOps } from "../../../src/real/engine/kvs/index.js";
import { tempDir } from "../../support/temp-dir.js";

/** File operations where the first compaction fails at its directory fsync, just after its output is renamed into place. */
function failingAfterRename(): FileOps & { failed: number } {
  let armed = false;
  const ops = {
    ...realFileOps,
    failed: 0,
    rename: async (from: string, to: string) => {
      await realFileOps.rename(from, to);
      if (to.endsWith(".seg") && ops.failed === 0) armed = true; // the first compaction only
    },
    fsync: (fd: number) => {
      if (armed && fstatSync(fd).isDirectory()) {
        armed = false;
        ops.failed++;
        return Promise.reject(new Error("EIO: i/o error, fsync"));
      }
      return realFileOps.fsync(fd);
    },
  };
  return ops;
}

describe("kvs compaction failing after its rename", () => {
  it("removes its output: a key deleted afterwards stays deleted across a later compaction and a reopen", async () => {
    const dir = tempDir();
    const fileOps = failingAfterRename();
    const store = await KvsStore.open({ dir, sync: "none", fileOps });
    for (let i = 0; i < 5; i++) await store.set("doomed", `old-${i}`);
    await store.set("kept", "v");
    const before = readdirSync(dir).filter((name) => name.endsWith(".seg"));
    await expect(store.compact()).rejects.toThrow("EIO: i/o error, fsync");
    expect(fileOps.failed).toBe(1);
    // Its output's generation came between the inputs and the new active segment: no file of it is left.
    const after = readdirSync(dir).filter((name) => !name.startsWith("LOCK") && name !== "index.ckpt");
    expect(after.filter((name) => name.endsWith(".tmp"))).toEqual([]);
    expect(after.filter((name) => name.endsWith(".seg")).sort()).toEqual([...before, "0000000003.seg"].sort()); // 0000000002 was the output
    expect(after).not.toContain("0000000002.hint");
    expect(await store.get("doomed")).toEqual({ value: "old-4", version: 5 }); // the store serves on, as it was

    expect(await store.remove("doomed")).toBe(true);
    await store.compact(); // drops the tombstone along with every record it shadowed
    await store.close();

    const reopened = await KvsStore.open({ dir, sync: "none" });
    expect(await reopened.get("doomed")).toBeUndefined();
    expect(await reopened.get("kept")).toEqual({ value: "v", version: 1 });
    await reopened.close();
  });
});
