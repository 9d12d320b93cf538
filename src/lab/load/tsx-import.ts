import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import { register as registerRequire } from "tsx/cjs/api";
import { register, type NamespacedUnregister } from "tsx/esm/api";

/** What tsx reports, to every load in progress: the URL of each module it loads. */
const listeners = new Set<(url: string) => void>();
let loader: NamespacedUnregister | undefined;

/**
 * Imports `file` through tsx, compiling TypeScript on the fly, and tells `onImport` the URL of
 * each module tsx loads meanwhile. tsx's own `tsImport` registers a new loader hook and a new
 * CommonJS resolver at every call, and Node keeps a hook until the process ends: a process that
 * loads many modules (a test file, a student's calls of runScenarioFile) would pile them up, each
 * one passed through by every later import. The lab registers one namespace, once, and every load
 * goes through it: as with Node's own import, and tsx's require on the lab's CommonJS path, a
 * module is evaluated once in a process, and loading it again gives the module already loaded.
 */
export async function tsxImport(file: string, onImport: (url: string) => void): Promise<unknown> {
  loader ??= registerOnce();
  listeners.add(onImport);
  try {
    const url = pathToFileURL(file).href;
    return await loader.import(url, url);
  } finally {
    listeners.delete(onImport);
  }
}

/** tsx's ES module hook and its CommonJS resolver, both in one namespace, as tsImport pairs them. */
function registerOnce(): NamespacedUnregister {
  const namespace = `kvlab-${randomUUID()}`;
  registerRequire({ namespace });
  return register({ namespace, onImport: (url) => listeners.forEach((listener) => listener(url)) });
}
