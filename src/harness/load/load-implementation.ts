import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Lab } from "../lab.js";
import { loadFailure } from "./load-failure.js";
import { moduleFormat } from "./module-format.js";
import { loadTsx } from "./tsx-import.js";
import { placeText } from "./user-frame.js";

/** A module that cannot be loaded, or whose default export does not fit its lab's contract. */
export class ImplementationError extends Error {
  override name = "ImplementationError";
}

/**
 * Loads a user's implementation: a .ts .mts .cts .js .mjs or .cjs module anywhere on disk, in any
 * package or in none. TypeScript is compiled on the fly, so there is no build step for the user.
 * The file is evaluated as Node would evaluate it (see moduleFormat): an ES module through tsx's
 * import, CommonJS through tsx's require, so that either way its stack frames point into the
 * source as written. The implementation is an ES module's default export, or a CommonJS
 * module's `defaultExport`. tsx is loaded here, by the first user file: a run of kvlab's own
 * reference implementation never loads it. The lab checks that the default export fits its contract.
 */
export async function loadImplementation<Impl>(lab: Pick<Lab<Impl>, "checkImplementation">, path: string): Promise<Impl> {
  return lab.checkImplementation(await loadDefaultExport(path), path);
}

/**
 * The default export of the module at `path`, loaded as loadImplementation loads a user's
 * implementation, unchecked: an ImplementationError naming `path` when it cannot be loaded.
 */
export async function loadDefaultExport(path: string): Promise<unknown> {
  const file = resolve(path);
  if (!existsSync(file)) throw new ImplementationError(`${path}: no such file`);
  if (!statSync(file).isFile()) throw new ImplementationError(`${path}: not a file (name the module itself, e.g. ${path}/my-kv.ts)`);
  // tsx attaches source maps only when they are on, and Node keeps them for findSourceMap only
  // then: user frames in failures name the TypeScript source's lines (see userFrame).
  process.setSourceMapsEnabled(true);
  const reached: string[] = [file];
  const commonjs = moduleFormat(file) === "commonjs";
  let candidate: unknown;
  // Started outside the try: tsx failing to start is no fault of the user's module.
  const tsx = await loadTsx();
  try {
    if (commonjs && !hasTypeScriptTwin(file)) candidate = defaultExport(tsx.require(file, import.meta.url));
    else {
      // tsx reports every module it loads, data: URLs included; only files can hold a load's failure.
      const onImport = (url: string) => void (url.startsWith("file:") && reached.push(fileURLToPath(url.replace(/\?.*$/, ""))));
      const module = (await tsx.import(file, onImport)) as { default?: unknown };
      candidate = commonjs ? defaultExport(module.default) : module.default;
    }
  } catch (error) {
    const { place, reason } = loadFailure(error, reached);
    const elsewhere = place && place.file !== file ? ` (loading ${path})` : "";
    const hint = /"cjs" output format/.test(reason) ? ` (${path} is CommonJS where it is: name it .mts, or put it in a package with "type": "module")` : "";
    throw new ImplementationError(`${place ? placeText(place) : path}: cannot be loaded: ${reason}${hint}${elsewhere}`);
  }
  return candidate;
}

/**
 * tsx's require reads `x.js` as `x.ts` (and `x.cjs` as `x.cts`) when both exist, as TypeScript
 * resolves imports; asked for the JavaScript file, the lab must load that one. tsx's import loads
 * the file named, but runs CommonJS from a data: URL whose stack frames name no file, so it is
 * kept for this case only.
 */
function hasTypeScriptTwin(file: string): boolean {
  const twins = file.endsWith(".cjs") ? [".cts"] : file.endsWith(".js") ? [".ts", ".tsx"] : [];
  return twins.some((extension) => existsSync(file.replace(/\.c?js$/, extension)));
}

/**
 * The default export of a CommonJS module, so that every way of writing one gives what an ES
 * module's `export default` gives:
 * - `export default impl` compiled to CommonJS (TypeScript, esbuild and tsx mark such exports
 *   `__esModule`): `exports.default`, and nothing else — named exports are not a default export;
 * - hand-written `exports.default = impl`: `exports.default`;
 * - hand-written `module.exports = impl`: `module.exports` itself.
 */
export function defaultExport(exports: unknown): unknown {
  if (typeof exports !== "object" || exports === null) return exports;
  const marked = (exports as { __esModule?: unknown }).__esModule === true;
  return marked || Object.hasOwn(exports, "default") ? (exports as { default?: unknown }).default : exports;
}
