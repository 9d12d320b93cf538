// The directory lock's takeover, step by step: a rival that takes a stale lock over while this
// opener is between reading it and replacing it (a hook on the lock file's reads puts the rival
// exactly there), a claim on the stale lock that a live rival holds or a dead one left behind, a
// lock file of the earlier format, and a release that leaves another opener's lock alone.
import * as fs from "node:fs";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { lockDir } from "../../../src/real/engine/kvs/lock.js";
import { tempDir } from "../../support/temp-dir.js";

/** Called once, on the next read of a LOCK file, before that read. */
let beforeNextLockRead: (() => void) | undefined;

vi.mock("node:fs", async (original) => {
  const real = await original<typeof import("node:fs")>();
  const readFileSync = ((path: fs.PathOrFileDescriptor, options?: unknown) => {
    const result = real.readFileSync(path, options as BufferEncoding);
    if (typeof path === "string" && path.endsWith("LOCK") && beforeNextLockRead !== undefined) {
      const rival = beforeNextLockRead;
      beforeNextLockRead = undefined;
      rival();
    }
    return result;
  }) as typeof real.readFileSync;
  return { ...real, readFileSync };
});

afterEach(() => (beforeNextLockRead = undefined));

const DEAD = "4194305"; // above Linux's largest pid: no such process
const live = () => `${process.ppid}\nrival-token\n`; // our parent runs: a rival that holds the lock

describe("kvs directory lock takeover", () => {
  it("refuses when a rival takes the stale lock over between this opener's read and its replacement", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "LOCK"), `${DEAD}\nstale-token\n`);
    // This opener reads the stale lock; the rival's takeover lands just after, before any write.
    beforeNextLockRead = () => writeFileSync(join(dir, "LOCK"), live());
    expect(() => lockDir(dir)).toThrow(`kvs: ${dir} is in use by process ${process.ppid}`);
    expect(readFileSync(join(dir, "LOCK"), "utf8")).toBe(live());
    expect(readdirSync(dir).sort()).toEqual(["LOCK"]); // no claim or file of its own left behind
  });

  it("refuses while a live rival holds the claim on the stale lock", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "LOCK"), `${DEAD}\nstale-token\n`);
    writeFileSync(join(dir, "LOCK.stale-token"), live());
    expect(() => lockDir(dir)).toThrow(`kvs: ${dir} is in use by process ${process.ppid}`);
    expect(readFileSync(join(dir, "LOCK"), "utf8")).toBe(`${DEAD}\nstale-token\n`);
  });

  it("takes over a claim that a dead rival left, then the stale lock", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "LOCK"), `${DEAD}\nstale-token\n`);
    writeFileSync(join(dir, "LOCK.stale-token"), `${DEAD}\ndead-claimant\n`);
    const unlock = lockDir(dir);
    expect(readFileSync(join(dir, "LOCK"), "utf8")).toMatch(new RegExp(`^${process.pid}\\n[0-9a-f-]{36}\\n$`));
    expect(readdirSync(dir).sort()).toEqual(["LOCK"]);
    unlock();
    expect(existsSync(join(dir, "LOCK"))).toBe(false);
  });

  it("takes over a stale lock of the earlier format (a pid alone), and refuses a live one", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "LOCK"), String(process.ppid));
    expect(() => lockDir(dir)).toThrow(`kvs: ${dir} is in use by process ${process.ppid} (if that is no kvs store, remove ${join(dir, "LOCK")})`);
    writeFileSync(join(dir, "LOCK"), DEAD);
    lockDir(dir)();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("creates the lock where there is none, and refuses a second opening while it is held", () => {
    const dir = tempDir();
    const unlock = lockDir(dir);
    writeFileSync(join(dir, "LOCK"), live()); // as if another process had taken it over since
    unlock(); // not ours any more: left alone
    expect(readFileSync(join(dir, "LOCK"), "utf8")).toBe(live());
    expect(() => lockDir(dir)).toThrow(`is in use by process ${process.ppid}`);
  });
});
