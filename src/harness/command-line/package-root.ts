import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** What kvlab's own package.json says that its commands use. */
export interface KvlabManifest {
  name: "kvlab";
  version: string;
  devDependencies?: Record<string, string>;
}

/**
 * kvlab's own package folder and package.json, found by walking up from this file, since it runs
 * both from src/ (through tsx) and from dist/src/ (built), in a checkout or installed. The harness
 * finds it to tell kvlab's code from a user's in a stack; the command lines, for their version and
 * the dependency `kvlab init` writes.
 */
export function kvlabPackage(): { root: string; manifest: KvlabManifest } {
  for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Partial<KvlabManifest>;
      if (manifest.name === "kvlab" && manifest.version !== undefined) return { root: dir, manifest: manifest as KvlabManifest };
    } catch {
      // no package.json here: keep walking up
    }
    if (dirname(dir) === dir) throw new Error("kvlab's package.json not found above " + import.meta.dirname);
  }
}
