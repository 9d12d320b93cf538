import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { anchorHistories, porcupineTimings, readAnchor } from "../tests/support/anchors.js";
import { SHAPES } from "./check-histories/shapes.js";
import { writeShapes } from "./check-histories/write.js";

/** What Porcupine did on a history, as recorded in an anchor file (or measured live). */
export interface PorcupineFigure {
  /** "decided", or what stopped it ("out of memory (8G address space) after 41 s", "timeout after 300 s"). */
  outcome: string;
  verdict?: "ok" | "illegal" | "unknown";
  /** Check time, parsing excluded, one core: wall clock and CPU. */
  wallMs?: number;
  cpuMs?: number;
  /** The whole process, start to exit. */
  processMs?: number;
}

/** One history the benchmark times: its set, a plain file on disk, its expected verdict and Porcupine's anchor. */
export interface BenchFile {
  set: string;
  name: string;
  path: string;
  expected: "ok" | "illegal" | undefined;
  porcupine: PorcupineFigure | undefined;
}

const here = dirname(fileURLToPath(import.meta.url));

/** Porcupine's recorded timings on the generated histories (see its header for how they were measured). */
export const generatedAnchorFile = join(here, "check-histories", "porcupine-timings.tsv");

/** Where histories are written for the benchmark: `$KVLAB_BENCH_CACHE`, or a folder under the system's temp dir. */
export const cacheDir = process.env.KVLAB_BENCH_CACHE ?? join(tmpdir(), "kvlab-bench-check");

/** First 16 hex digits of a file's SHA-256: the anchor names the bytes it was measured on. */
export const digest = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex").slice(0, 16);

/** Porcupine's kv and etcd test histories (those with an expected verdict), unpacked to plain files once. */
export function anchorSets(): BenchFile[] {
  const wall = porcupineTimings("p1_wall_ms");
  const cpu = porcupineTimings("p1_cpu_ms");
  return anchorHistories()
    .filter((h) => h.expected !== undefined)
    .map((h) => {
      const path = join(cacheDir, "porcupine", h.file);
      if (!existsSync(path)) {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, readAnchor(h.file));
      }
      const wallMs = wall.get(h.file);
      const porcupine: PorcupineFigure | undefined = wallMs === undefined ? undefined : { outcome: "decided", verdict: h.expected, wallMs, cpuMs: cpu.get(h.file) };
      return { set: h.set, name: h.file.replace("test_data/", ""), path, expected: h.expected, porcupine };
    });
}

/** The rows of the generated histories' anchor file, by file name, with the digest of the bytes measured. */
export function generatedAnchors(text: string): Map<string, { figure: PorcupineFigure; sha256: string }> {
  const lines = text.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("#"));
  const [header, ...rows] = lines;
  const columns = header!.split("\t");
  const at = (cells: string[], name: string) => cells[columns.indexOf(name)] ?? "";
  const number = (s: string) => (s === "" ? undefined : Number(s));
  const anchors = new Map<string, { figure: PorcupineFigure; sha256: string }>();
  for (const row of rows) {
    const cells = row.split("\t");
    const verdict = at(cells, "verdict").toLowerCase();
    const figure: PorcupineFigure = {
      outcome: at(cells, "outcome"),
      verdict: verdict === "ok" || verdict === "illegal" || verdict === "unknown" ? verdict : undefined,
      wallMs: number(at(cells, "p1_wall_ms")),
      cpuMs: number(at(cells, "p1_cpu_ms")),
      processMs: number(at(cells, "process_ms")),
    };
    anchors.set(at(cells, "file"), { figure, sha256: at(cells, "sha256") });
  }
  return anchors;
}

/**
 * The generated histories named (all shapes by default), each its own set, written under the cache
 * by the committed generator on first use (a million operations take a few seconds) and reused
 * after. A history whose bytes differ from those the anchor was measured on gets no anchor.
 */
export function generatedSets(seed: string, names: readonly string[] | undefined, warn: (line: string) => void): BenchFile[] {
  const shapes = SHAPES.filter((s) => names === undefined || names.includes(s.name) || names.includes(s.group));
  const dir = join(cacheDir, "generated", seed);
  mkdirSync(dir, { recursive: true });
  const missing = shapes.filter((s) => !existsSync(join(dir, `${s.name}.txt`)));
  if (missing.length > 0) {
    // Written aside then moved in, so an interrupted run never leaves half a file in the cache.
    const scratch = mkdtempSync(join(dir, ".writing-"));
    writeShapes(scratch, seed, missing);
    for (const s of missing) renameSync(join(scratch, `${s.name}.txt`), join(dir, `${s.name}.txt`));
    rmSync(scratch, { recursive: true, force: true });
  }
  const anchors = existsSync(generatedAnchorFile) ? generatedAnchors(readFileSync(generatedAnchorFile, "utf8")) : new Map();
  return shapes.map((shape) => {
    const name = `${shape.name}.txt`;
    const path = join(dir, name);
    const anchor = anchors.get(name);
    let porcupine = anchor?.figure;
    if (anchor !== undefined && anchor.sha256 !== digest(path)) {
      warn(`${name}: not the bytes Porcupine's anchor was measured on (seed ${seed}?); shown without Porcupine's figure`);
      porcupine = undefined;
    }
    return { set: shape.name, name, path, expected: shape.corrupted ? "illegal" : "ok", porcupine };
  });
}
