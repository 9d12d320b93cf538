// A really full disk: a 2 MiB tmpfs, mounted for the test (root only; skipped, and says so, where
// the machine cannot mount one: disk-full.test.ts injects ENOSPC at every file operation instead).
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { KvsStore } from "../../../src/real/engine/kvs/index.js";
import { tempDirForFile } from "../../support/temp-dir.js";

const mountPoint = join(tempDirForFile(), "small-disk");

/** Mounts a 2 MiB tmpfs at mountPoint; false when this machine will not (not root, no mount). */
function mountSmallDisk(): boolean {
  mkdirSync(mountPoint, { recursive: true });
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", mountPoint], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const mounted = mountSmallDisk();
if (!mounted) console.warn(`disk-full-tmpfs: cannot mount a tmpfs at ${mountPoint} here (root only): skipped; disk-full.test.ts covers a full disk by injection`);

describe.runIf(mounted)("kvs on a 2 MiB tmpfs", () => {
  afterAll(() => void execFileSync("umount", [mountPoint]));

  it("fills it: the refused write names ENOSPC, reads serve every acknowledged value, writes resume once a file is removed (no restart), and a reopen holds every acknowledged write", async () => {
    const ballast = join(mountPoint, "ballast");
    writeFileSync(ballast, Buffer.alloc(256 << 10));
    const dir = join(mountPoint, "kvs");
    const store = await KvsStore.open({ dir, sync: "batch", segmentBytes: 256 << 10 });
    const value = (i: number) => `${i}:`.padEnd(1000, "v");
    let acknowledged = 0;
    let refusal: unknown;
    while (refusal === undefined && acknowledged < 4000) {
      await store.set(`key${acknowledged}`, value(acknowledged)).then(() => acknowledged++, (error: unknown) => (refusal = error));
    }
    expect(String(refusal)).toMatch(/kvs: writing to .*\.seg failed \(ENOSPC: no space left on device.*\): 1 write\(s\) refused, not applied/);
    expect(acknowledged).toBeGreaterThan(1000); // most of 2 MiB, less the ballast
    await expect(store.set("another", "x".repeat(1000))).rejects.toThrow(/ENOSPC/);
    for (let i = 0; i < acknowledged; i++) expect(store.getNow(`key${i}`)).toEqual({ value: value(i), version: 1 });
    expect(store.getNow(`key${acknowledged}`)).toBeUndefined();
    rmSync(ballast);
    expect(await store.set("after", "space returned")).toBe(1);
    await store.close();
    const reopened = await KvsStore.open({ dir, sync: "batch" });
    for (let i = 0; i < acknowledged; i++) expect(reopened.getNow(`key${i}`)).toEqual({ value: value(i), version: 1 });
    expect(reopened.getNow("after")).toEqual({ value: "space returned", version: 1 });
    await reopened.close();
  });
});
