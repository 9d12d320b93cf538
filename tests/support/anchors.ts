import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

/** The repository root (this file is tests/support/anchors.ts). */
const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * Porcupine's own test histories (MIT, LICENSE.md beside them), copied into the repository so
 * every clone runs the conformance test. Each history is stored gzipped (1.4 MB of text is 112 kB
 * so), with MANIFEST.tsv, which lists them with their expected verdicts, in plain text.
 */
export const porcupineDir = join(repo, "tests", "check", "fixtures", "porcupine");

/**
 * The anchors folder outside the repository: `$KVLAB_ANCHORS`, or `<repo>/../shared/anchors`. It
 * holds Porcupine's check times on the project's machines, which describe those machines rather
 * than the project, so only the checker benchmark needs it.
 */
export const anchorsDir = resolve(process.env.KVLAB_ANCHORS ?? join(repo, "..", "shared", "anchors"));

const timingsFile = join(anchorsDir, "porcupine-data", "porcupine-go-timings.tsv");

/** Whether Porcupine's timings are present (the benchmark needs them; no test does). */
export const timingsPresent = existsSync(timingsFile);

/** One history of MANIFEST.tsv: path (relative to porcupineDir, without .gz), set, expected verdict. */
export interface AnchorHistory {
  file: string;
  set: "kv" | "etcd";
  expected: "ok" | "illegal" | undefined;
  operations: number;
}

/** The histories MANIFEST.tsv lists. */
export function anchorHistories(): AnchorHistory[] {
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

/** The text of a history MANIFEST.tsv names, e.g. `test_data/kv/c01-ok.txt`. */
export function readAnchor(file: string): string {
  return gunzipSync(readFileSync(join(porcupineDir, `${file}.gz`))).toString("utf8");
}

/**
 * Porcupine's single-core check time in ms per file (keyed like MANIFEST's paths), from
 * porcupine-go-timings.tsv: wall-clock time (`p1_wall_ms`), or another of its columns (`p1_cpu_ms`).
 */
export function porcupineTimings(columnName = "p1_wall_ms"): Map<string, number> {
  const timings = new Map<string, number>();
  if (!timingsPresent) return timings;
  const [header, ...rows] = readFileSync(timingsFile, "utf8").trim().split("\n");
  const column = header!.split("\t").indexOf(columnName);
  for (const row of rows) {
    const cells = row.split("\t");
    if (cells[0]?.startsWith("TOTAL")) continue;
    timings.set(`test_data/${cells[0]}`, Number(cells[column]));
  }
  return timings;
}
