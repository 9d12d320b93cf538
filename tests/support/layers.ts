import { existsSync, readdirSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { parseFileSync } from "@swc/core";
import { cruise, type ICruiseResult } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";

/** The repository root, where `.dependency-cruiser.cjs` (DESIGN.md's import rules) lives. */
export const repoRoot = resolve(import.meta.dirname, "..", "..");

/** The folders the rules speak of. */
const LAYERED = ["src", "labnet"];

/** The module faces DESIGN.md names: each module is used through exactly this file. */
export const FACES = ["labnet/index.ts", "src/check/index.ts", "src/harness/index.ts", "src/labs/kv/index.ts", "src/real/index.ts"];

/**
 * Every import under `root` (a tree shaped like this repository's) that breaks a rule of the
 * repository's `.dependency-cruiser.cjs`, as "from → to (rule)", sorted.
 */
export async function layerViolations(root: string): Promise<string[]> {
  const options = await extractDepcruiseOptions(join(repoRoot, ".dependency-cruiser.cjs"));
  const reported = await cruise(LAYERED.filter((dir) => existsSync(join(root, dir))), { ...options, baseDir: root });
  const result = reported.output as ICruiseResult;
  return result.summary.violations.map((v) => `${v.from} → ${v.to} (${v.rule.name})`).sort();
}

/** The faces of {@link FACES} that do not exist under `root`. */
export function missingFaces(root: string): string[] {
  return FACES.filter((face) => !existsSync(join(root, face)));
}

/**
 * The index.ts files under `root`'s src/ and labnet/ that re-export with `export *` (or
 * `export * as name`): a face lists what it offers, so a module's insides never leak by accident.
 */
export function facesWithExportStar(root: string): string[] {
  const faces = LAYERED.filter((dir) => existsSync(join(root, dir))).flatMap((dir) =>
    readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })
      .filter((file) => basename(file) === "index.ts")
      .map((file) => join(dir, file)),
  );
  return faces
    .filter((face) =>
      parseFileSync(join(root, face), { syntax: "typescript" }).body.some(
        (item) =>
          item.type === "ExportAllDeclaration" ||
          (item.type === "ExportNamedDeclaration" && item.specifiers.some((s) => s.type === "ExportNamespaceSpecifier")),
      ),
    )
    .sort();
}
