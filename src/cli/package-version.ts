import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * kvlab's version from its package.json, found by walking up from this file, since it runs both
 * from src/cli (through tsx) and from dist/src/cli (built).
 */
export function packageVersion(): string {
  for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (manifest.name === "kvlab" && manifest.version !== undefined) return manifest.version;
    } catch {
      // no package.json here: keep walking up
    }
    if (dirname(dir) === dir) throw new Error("kvlab's package.json not found above " + import.meta.dirname);
  }
}
