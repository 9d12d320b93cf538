// A lock naming this very process used to be taken over as if left by a crash, so two live opens
// of one store in one process both succeeded, and the second's recovery deleted the first's
// active segment. A second open in one process is now refused; a lock this pid holds no longer
// (a dead earlier process whose pid this one reuses, or a copy of a live store's files) is stale.
import { cpSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KvsStore, realFileOps } from "../../../src/real/engine/kvs/index.js";
import { tempDir } from "../../support/temp-dir.js";

describe("kvs lock within one process", () => {
  it("a second open of an open store is refused in one line, by any path to it, and the first store keeps its files and writes", async () => {
    const dir = tempDir();
    const first = await KvsStore.open({ dir, sync: "none" });
    await first.set("k", "v1");
    const files = readdirSync(dir).sort();
    const link = join(tempDir(), "same-store");
    symlinkSync(dir, link);
    for (const path of [dir, link]) {
      await expect(KvsStore.open({ dir: path, sync: "none" })).rejects.toThrow(
        new Error(`kvs: ${path} is already open in this process (close it before opening it again)`),
      );
    }
    expect(readdirSync(dir).sort()).toEqual(files); // its active segment is still there
    await first.set("k", "v2");
    await first.close();
    const reopened = await KvsStore.open({ dir, sync: "none" }); // released by close: opens again
    expect(await reopened.get("k")).toEqual({ value: "v2", version: 2 });
    await reopened.close();
  });

  it("a lock with this pid that no open store of this process holds is stale: taken over", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "LOCK"), `${process.pid}\nleft-by-a-dead-process\n`); // its pid reused by this one
    const store = await KvsStore.open({ dir, sync: "none" });
    expect(readFileSync(join(dir, "LOCK"), "utf8")).toMatch(new RegExp(`^${process.pid}\\n[0-9a-f-]{36}\\n$`));
    await store.close();
    writeFileSync(join(dir, "LOCK"), String(process.pid)); // the earlier format: a pid alone
    await (await KvsStore.open({ dir, sync: "none" })).close();
  });

  it("a copy of an open store's files, LOCK and all, opens: the copied lock holds no directory of its own", async () => {
    const dir = tempDir();
    const live = await KvsStore.open({ dir, sync: "none" });
    await live.set("k", "v");
    const copy = tempDir();
    cpSync(dir, copy, { recursive: true });
    const opened = await KvsStore.open({ dir: copy, sync: "none" });
    expect(await opened.get("k")).toEqual({ value: "v", version: 1 });
    await opened.close();
    await live.close();
  });

  it("an open that fails after taking the lock (no room for its new segment) lets it go: the next open in this process succeeds", async () => {
    const dir = tempDir();
    const full = {
      ...realFileOps,
      create: () => {
        throw new Error("ENOSPC: no space left on device, open");
      },
    };
    await expect(KvsStore.open({ dir, sync: "none", fileOps: full })).rejects.toThrow("ENOSPC");
    expect(readdirSync(dir)).toEqual([]);
    await (await KvsStore.open({ dir, sync: "none" })).close();
  });
});
