/**
 * Repair: making a store that refuses to open over corruption open again, keeping every intact
 * record and saying exactly what it dropped.
 *
 * Each segment is scanned as recovery scans it (scan.ts). A segment with damage is rewritten with
 * its intact records alone, in order, through a temporary file that is fsynced and renamed over
 * it; its hint file and the index checkpoint go first, as they describe the old offsets. A key
 * whose newest record was dropped reads as its record before that, if an older one survives (a
 * dropped tombstone brings the key's older value back): the report names such records when their
 * header was intact. Repair holds the store's lock, so it never runs beside a server.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, join } from "node:path";
import { lockDir } from "./lock.js";
import { type Damage, scanRecords } from "./scan.js";
import { hintFile, listGenerations, segmentFile } from "./segment.js";

/** A damaged stretch that repair dropped, with the segment it was in. */
export interface Dropped extends Damage {
  /** The segment's file name. */
  segment: string;
}

export interface RepairReport {
  /** Segments scanned. */
  segments: number;
  /** Intact records, all kept. */
  records: number;
  dropped: Dropped[];
}

/** Repairs the kvs store in `dir` (see above); throws when another process has it open. */
export function repairStore(dir: string): RepairReport {
  const unlock = lockDir(dir);
  try {
    const report: RepairReport = { segments: 0, records: 0, dropped: [] };
    for (const gen of listGenerations(dir)) {
      const path = join(dir, segmentFile(gen));
      const bytes = readFileSync(path);
      const intact: Buffer[] = [];
      const damages = scanRecords(bytes, (_bytes, _keyStart, _keyLength, _kind, offset, length) => void intact.push(bytes.subarray(offset, offset + length)));
      report.segments++;
      report.records += intact.length;
      if (damages.length === 0) continue;
      report.dropped.push(...damages.map((damage) => ({ ...damage, segment: basename(path) })));
      rmSync(join(dir, hintFile(gen)), { force: true });
      rmSync(join(dir, "index.ckpt"), { force: true });
      fsyncDir(dir); // gone before the segment changes: they describe its old offsets
      rewrite(path, Buffer.concat(intact));
      fsyncDir(dir);
    }
    return report;
  } finally {
    unlock();
  }
}

/** Replaces the file at `path` with `bytes` all at once (a crash leaves the old file or the new one). */
function rewrite(path: string, bytes: Buffer): void {
  const fd = openSync(`${path}.tmp`, "w");
  try {
    for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(`${path}.tmp`, path);
}

function fsyncDir(dir: string): void {
  const dirFd = openSync(dir, "r");
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}
