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
 * both from src/cli (through tsx) and from dist/src/cli (built), in a checkout or installed.
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

/** kvlab's version, from its package.json. */
export function packageVersion(): string {
  return kvlabPackage().manifest.version;
}
