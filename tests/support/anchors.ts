import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file is tests/support/anchors.ts). */
const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * The anchors folder: `$KVLAB_ANCHORS`, or `<repo>/../shared/anchors`. It is outside data (never
 * copied into the repository), so callers must cope with its absence.
 */
export const anchorsDir = resolve(process.env.KVLAB_ANCHORS ?? join(repo, "..", "shared", "anchors"));

/** The folder of Porcupine's test histories within the anchors, if present. */
export const porcupineDir = join(anchorsDir, "porcupine-data");

/** Whether the Porcupine histories are present. */
export const anchorsPresent = existsSync(join(porcupineDir, "MANIFEST.tsv"));

/** One history of MANIFEST.tsv: path (relative to porcupine-data), set, expected verdict. */
export interface AnchorHistory {
  file: string;
  set: "kv" | "etcd";
  expected: "ok" | "illegal" | undefined;
  operations: number;
}

/** The histories MANIFEST.tsv lists (empty when the anchors are absent). */
export function anchorHistories(): AnchorHistory[] {
  if (!anchorsPresent) return [];
  return readFileSync(join(porcupineDir, "MANIFEST.tsv"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split("\t"))
    .filter(([file]) => /^test_data\/(kv|jepsen)\//.test(file ?? ""))
    .map(([file, , verdict, ops]) => ({
      file: file!,
      set: file!.includes("/kv/") ? "kv" : "etcd",
      expected: verdict === "ok" || verdict === "illegal" ? verdict : undefined,
      operations: Number(ops),
    }));
}

/** Porcupine's single-core check time in ms per file (keyed like MANIFEST's paths), from porcupine-go-timings.tsv. */
export function porcupineTimings(): Map<string, number> {
  const timings = new Map<string, number>();
  if (!anchorsPresent) return timings;
  const [header, ...rows] = readFileSync(join(porcupineDir, "porcupine-go-timings.tsv"), "utf8").trim().split("\n");
  const column = header!.split("\t").indexOf("p1_wall_ms");
  for (const row of rows) {
    const cells = row.split("\t");
    if (cells[0]?.startsWith("TOTAL")) continue;
    timings.set(`test_data/${cells[0]}`, Number(cells[column]));
  }
  return timings;
}
