import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { corrupt } from "./corrupt.js";
import { writeEdn } from "./edn.js";
import { SHAPES, type Shape } from "./shapes.js";
import { simulate, type SimOp } from "./simulate.js";

/** What was written for one shape: the row of MANIFEST.tsv and of the table generate.ts prints. */
export interface Written {
  file: string;
  group: Shape["group"];
  operations: number;
  /** Operations that never returned (`:info`). */
  unknown: number;
  clients: number;
  keys: number;
  expected: "ok" | "illegal";
  seed: string;
  bytes: number;
}

/** The seed a shape's timeline is drawn from, under a base seed. */
export const shapeSeed = (seed: string, shape: Shape) => `${seed}/${shape.seedName}`;

/** The shapes named (each a shape name or a group), or all of them; an unknown name is an error. */
export function selectShapes(names: readonly string[] | undefined): Shape[] {
  if (names === undefined || names.length === 0) return [...SHAPES];
  for (const name of names) {
    if (!SHAPES.some((s) => s.name === name || s.group === name)) throw new Error(`no shape or group named "${name}" (shapes: ${SHAPES.map((s) => s.name).join(", ")})`);
  }
  return SHAPES.filter((s) => names.includes(s.name) || names.includes(s.group));
}

/** The operations of a shape under a base seed: simulated, then corrupted if the shape says so. */
export function shapeOperations(shape: Shape, seed: string): SimOp[] {
  const ops = simulate(shape.workload, shapeSeed(seed, shape));
  return shape.corrupted ? corrupt(ops, `${shapeSeed(seed, shape)}/corrupt`) : ops;
}

/**
 * Writes each shape to `<outDir>/<name>.txt` (Porcupine's kv log) and MANIFEST.tsv listing them
 * with their expected verdicts. A shape's file depends only on the seed and the shape.
 */
export function writeShapes(outDir: string, seed: string, shapes: readonly Shape[]): Written[] {
  mkdirSync(outDir, { recursive: true });
  const written = shapes.map((shape): Written => {
    const ops = shapeOperations(shape, seed);
    const file = `${shape.name}.txt`;
    writeEdn(ops, join(outDir, file));
    const w = shape.workload;
    return {
      file,
      group: shape.group,
      operations: ops.length,
      unknown: ops.filter((op) => op.outcome === "info").length,
      clients: w.clients + w.spanning,
      keys: w.keys,
      expected: shape.corrupted ? "illegal" : "ok",
      seed: shapeSeed(seed, shape),
      bytes: statSync(join(outDir, file)).size,
    };
  });
  const header = "file\tgroup\toperations\tunknown\tclients\tkeys\texpected\tseed\n";
  writeFileSync(join(outDir, "MANIFEST.tsv"), header + written.map((r) => `${r.file}\t${r.group}\t${r.operations}\t${r.unknown}\t${r.clients}\t${r.keys}\t${r.expected}\t${r.seed}\n`).join(""));
  return written;
}
