import { readFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";

/**
 * The `kvlab` dependency a new lab folder at `target` should name, so that `npm install` there
 * gets the kvlab that is running, however it came:
 * - `override` (`kvlab init --kvlab SPEC`) when given: a path to a tarball or folder (taken from
 *   the current directory; the caller makes sure it exists, see isPathSpec) or anything else npm
 *   understands (a version range, a tag, a git URL);
 * - else the spec of the project whose node_modules holds this kvlab: the student's own project
 *   after `npm install ./kvlab-0.1.0.tgz`, or npx's cache folder after `npx github:…/kvlab`;
 * - else, run from a checkout of kvlab (no node_modules above it), that folder itself, built;
 * - else (a global install) the running version, from the registry.
 * A `file:` spec is a path, so it is rewritten to lead from `target` to the same tarball or folder.
 */
export function kvlabDependency(kvlabRoot: string, version: string, target: string, override?: string): string {
  if (override !== undefined) return isPathSpec(override) ? fileSpec(target, resolve(specPath(override))) : override;
  const holder = holdingProject(kvlabRoot);
  if (holder === undefined) return fileSpec(target, kvlabRoot);
  const spec = dependencySpec(holder);
  if (spec === undefined) return `^${version}`;
  return spec.startsWith("file:") ? fileSpec(target, resolve(holder, spec.slice("file:".length))) : spec;
}

/**
 * Whether npm reads `spec` as a path to a tarball or folder rather than a version, tag, URL or
 * GitHub shorthand: a `file:` spec, or one that starts with `.` or `/`, or ends like a tarball.
 */
export function isPathSpec(spec: string): boolean {
  if (spec.startsWith("file:")) return true;
  if (/^[a-z][a-z0-9+.-]+:/i.test(spec)) return false; // git+https:, github:, https:, npm: …
  return /^[./]/.test(spec) || /\.(tgz|tar\.gz|tar)$/.test(spec);
}

/** The path a path spec names (see isPathSpec), as typed: relative to the current directory. */
export function specPath(spec: string): string {
  return spec.startsWith("file:") ? spec.slice("file:".length) : spec;
}

/** The project folder above `node_modules/kvlab`, when kvlab is installed in one. */
function holdingProject(kvlabRoot: string): string | undefined {
  const modules = dirname(kvlabRoot);
  return basename(modules) === "node_modules" ? dirname(modules) : undefined;
}

/** How the project at `dir` asked for kvlab, if its package.json names it. */
function dependencySpec(dir: string): string | undefined {
  let manifest: { dependencies?: Record<string, unknown>; devDependencies?: Record<string, unknown> };
  try {
    manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as typeof manifest;
  } catch {
    return undefined; // no package.json there, or not one npm could have written: nothing to follow
  }
  const spec = manifest.dependencies?.["kvlab"] ?? manifest.devDependencies?.["kvlab"];
  return typeof spec === "string" ? spec : undefined;
}

/** A `file:` spec for `path` as seen from `target` (relative, so the folder can move with it). */
function fileSpec(target: string, path: string): string {
  const from = relative(resolve(target), path);
  return `file:${isAbsolute(from) || from.startsWith("..") ? from : `./${from}`}`;
}
