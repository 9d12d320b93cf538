import { randomUUID } from "node:crypto";
import { register as registerHooks } from "node:module";
import { pathToFileURL } from "node:url";
import type { require as tsxRequire } from "tsx/cjs/api";
import type { NamespacedUnregister } from "tsx/esm/api";

/** tsx, started: its CommonJS require, and an import through the lab's one namespace (see loadTsx). */
export interface Tsx {
  require: typeof tsxRequire;
  /** Imports `file`, compiling TypeScript on the fly, and tells `onImport` the URL of each module tsx loads meanwhile. */
  import(file: string, onImport: (url: string) => void): Promise<unknown>;
}

/** What tsx reports, to every load in progress: the URL of each module it loads. */
const listeners = new Set<(url: string) => void>();
let started: Promise<Tsx> | undefined;

/**
 * tsx, loaded by the first call: a command that imports no user file never loads it (it is big,
 * and its WebAssembly lexer cannot start under a tight address-space limit). Its import hook is
 * registered by the first import. tsx's own `tsImport` registers a new loader hook and a new
 * CommonJS resolver at every call, and Node keeps a hook until the process ends: a process that
 * loads many modules (a test file, a student's calls of runScenarioFile) would pile them up, each
 * one passed through by every later import. The lab registers one namespace, once, and every load
 * goes through it: as with Node's own import, and tsx's require on the lab's CommonJS path, a
 * module is evaluated once in a process, and loading it again gives the module already loaded.
 */
export function loadTsx(): Promise<Tsx> {
  return (started ??= start());
}

/** tsx's require; for imports, its ES module hook and its CommonJS resolver in one namespace, as tsImport pairs them. */
async function start(): Promise<Tsx> {
  const [commonjs, esm] = await withoutUnusableWebAssembly(() => Promise.all([import("tsx/cjs/api"), import("tsx/esm/api")]));
  let loader: NamespacedUnregister | undefined;
  const register = (): NamespacedUnregister => {
    // tsx's hooks run on Node's hooks thread, which loads tsx again: hide WebAssembly there first too.
    if (!hasUsableWebAssembly()) registerHooks(`data:text/javascript,${encodeURIComponent("delete globalThis.WebAssembly;")}`);
    const namespace = `kvlab-${randomUUID()}`;
    commonjs.register({ namespace });
    return esm.register({ namespace, onImport: (url) => listeners.forEach((listener) => listener(url)) });
  };
  return {
    require: commonjs.require,
    async import(file, onImport) {
      loader ??= register();
      listeners.add(onImport);
      try {
        const url = pathToFileURL(file).href;
        return await loader.import(url, url);
      } finally {
        listeners.delete(onImport);
      }
    },
  };
}

let shared: Promise<void> | undefined;

/**
 * Imports `url` (TypeScript) through tsx's hooks registered for the whole thread, once, with no
 * namespace: its imports of files already loaded (kvlab's own, built) give the modules already
 * loaded, as Node's import does. A lab needs that (see importLab): its LabFailure must be the
 * harness's. A user's implementation does not, and keeps to the namespace of loadTsx.
 */
export async function importSharingModules(url: string): Promise<unknown> {
  await (shared ??= withoutUnusableWebAssembly(async () => {
    const { register } = await import("tsx/esm/api");
    if (!hasUsableWebAssembly()) registerHooks(`data:text/javascript,${encodeURIComponent("delete globalThis.WebAssembly;")}`);
    register();
  }));
  return import(url);
}

/**
 * Runs `load` with WebAssembly hidden when it cannot have memory (under an address-space limit
 * such as `ulimit -v 8000000`: each instance reserves more than that). tsx starts its WebAssembly
 * lexer when it is loaded, if WebAssembly is there, without waiting for it: the failure would
 * surface later as an error nothing handles, and end a run that had gone well. Without
 * WebAssembly, tsx takes the JavaScript lexer it falls back to anyway.
 */
async function withoutUnusableWebAssembly<T>(load: () => Promise<T>): Promise<T> {
  const scope = globalThis as { WebAssembly?: unknown };
  const wasm = scope.WebAssembly;
  if (hasUsableWebAssembly()) return load();
  delete scope.WebAssembly;
  try {
    return await load();
  } finally {
    scope.WebAssembly = wasm;
  }
}

/** Whether WebAssembly is there and can have memory. */
function hasUsableWebAssembly(): boolean {
  const wasm = (globalThis as { WebAssembly?: { Memory: new (size: { initial: number }) => unknown } }).WebAssembly;
  try {
    return wasm !== undefined && new wasm.Memory({ initial: 1 }) !== undefined;
  } catch {
    return false;
  }
}
