import { join, sep } from "node:path";
import { kvlabPackage } from "./package-root.js";

let root: string | undefined;

/**
 * kvlab's package folder, where its package.json is: a checkout, or node_modules/kvlab when
 * installed. Found once, by the same walk that finds its version.
 */
export function kvlabRoot(): string {
  return (root ??= kvlabPackage().root);
}

/**
 * Whether `file` is kvlab's own code: its sources (src/, labnet/) or their build (dist/), under
 * kvlab's root wherever that lies, node_modules included; its examples and tests are not.
 */
export function isKvlabCode(file: string, kvlab = kvlabRoot()): boolean {
  return ["src", "labnet", "dist"].some((folder) => file.startsWith(join(kvlab, folder) + sep));
}

/** Whether `file` is a library's: anything in a node_modules folder (kvlab's own code is asked first). */
export function isLibraryCode(file: string): boolean {
  return file.split(/[\\/]/).includes("node_modules");
}
