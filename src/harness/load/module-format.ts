import { existsSync, readFileSync } from "node:fs";
import { dirname, extname, join } from "node:path";

/** How Node (and tsx, which follows it) evaluates a file: as an ES module or as CommonJS. */
export type ModuleFormat = "module" | "commonjs";

/**
 * Node's rule: .mjs/.mts are ES modules and .cjs/.cts CommonJS whatever their package; a .js or
 * .ts file takes the "type" of the nearest package.json up the tree, and is CommonJS when that
 * says nothing or when there is no package.json at all.
 */
export function moduleFormat(file: string): ModuleFormat {
  const extension = extname(file);
  if (extension === ".mjs" || extension === ".mts") return "module";
  if (extension === ".cjs" || extension === ".cts") return "commonjs";
  return packageType(dirname(file));
}

/** The "type" of the nearest package.json at or above `dir`. */
function packageType(dir: string): ModuleFormat {
  for (let at = dir; ; at = dirname(at)) {
    const manifest = join(at, "package.json");
    if (existsSync(manifest)) return readType(manifest);
    if (dirname(at) === at) return "commonjs";
  }
}

/** A package.json Node cannot read stops the load anyway (with Node's own message), so any answer does. */
function readType(manifest: string): ModuleFormat {
  try {
    return (JSON.parse(readFileSync(manifest, "utf8")) as { type?: unknown }).type === "module" ? "module" : "commonjs";
  } catch {
    return "commonjs";
  }
}
