import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import { filePath, thrownText } from "../../../labnet/diagnostics/index.js";
import { userFrame, type Place } from "./user-frame.js";

/** Why a module could not be loaded, and where in which file when that can be known. */
export interface LoadFailure {
  place?: Place;
  reason: string;
}

/**
 * Explains an error thrown while loading a module. `files` are the module loaded, first, then the
 * modules tsx reported reaching. Each kind of error keeps its place differently:
 * - esbuild (every TypeScript file, and JavaScript that tsx compiles) writes `file:line:col: ERROR: why`
 *   on its message's second line, with a 0-based column;
 * - Node's SyntaxError in CommonJS starts its stack with `file:line`, the line and a caret;
 * - Node's SyntaxError in an ES module has no place at all: `node --check` on each JavaScript file
 *   reached or imported by relative path finds it;
 * - a SyntaxError the module threw as it ran (JSON.parse) is placed as any error it threw;
 * - a missing import names what is missing and who imported it: the place is that import;
 * - anything else was thrown by the module's own code while it ran: its first user stack frame.
 */
export function loadFailure(error: unknown, files: string[]): LoadFailure {
  if (!(error instanceof Error)) return { reason: `it threw ${thrownText(error)}` };
  const esbuild = /^(.*):(\d+):(\d+): ERROR: (.*)$/m.exec(error.message);
  if (esbuild && /^Transform failed/.test(error.message)) {
    return { place: { file: esbuildFile(esbuild[1]!, files), line: Number(esbuild[2]), column: Number(esbuild[3]) + 1 }, reason: esbuild[4]! };
  }
  if (error instanceof SyntaxError) return syntaxError(error, files);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") return missingImport(error.message);
  return { place: userFrame(error.stack), reason: `it threw ${thrownText(error)}` };
}

/**
 * A SyntaxError is a parse error of a file, or one the module threw as it ran (a JSON.parse or a
 * `new RegExp` at its top level). A parse error has a caret under its place, or no frame of the
 * user's code at all (Node's ES module parser): Node's own check of the files reached finds it.
 * One the module threw has the user's frame, and is worded as what it threw.
 */
function syntaxError(error: SyntaxError, files: string[]): LoadFailure {
  const caret = caretPlace(error.stack);
  if (caret) return { place: caret, reason: error.message };
  const thrownAt = userFrame(error.stack);
  if (thrownAt) return { place: thrownAt, reason: `it threw ${thrownText(error)}` };
  return { place: checkedPlace([...new Set([...files, ...relativeImports(files[0])])]), reason: error.message };
}

/** tsx hands esbuild a .mts or .cts file named .ts, and a .mjs one named .js: the file it really was. */
function esbuildFile(named: string, files: string[]): string {
  if (existsSync(named)) return named;
  const twins = (named.endsWith(".ts") ? [".mts", ".cts"] : [".mjs"]).map((extension) => `${named.slice(0, -3)}${extension}`);
  return files.find((file) => twins.includes(file)) ?? twins.find((file) => existsSync(file)) ?? named;
}

/** `file:line`, the source line, then a caret under the column: how Node starts a syntax error. */
function caretPlace(text: string | undefined): Place | undefined {
  const match = /^(.+):(\d+)\n.*\n( *)\^/.exec(text ?? "");
  return match ? { file: filePath(match[1]!), line: Number(match[2]), column: match[3]!.length + 1 } : undefined;
}

/** Node's own syntax check of each JavaScript file the load reached, last first (the failing one is native JS). */
function checkedPlace(files: string[]): Place | undefined {
  for (const file of [...files].reverse().filter((f) => /\.[cm]?js$/.test(f))) {
    const place = caretPlace(spawnSync(process.execPath, ["--check", file], { encoding: "utf8" }).stderr);
    if (place) return place;
  }
  return undefined;
}

/**
 * The files `entry` imports by relative path, transitively. tsx reports each module it loads
 * through a message port, which may deliver after the load has already failed; the failing file
 * is most often one of these.
 */
function relativeImports(entry: string | undefined): string[] {
  const found = new Set(entry === undefined ? [] : [entry]);
  for (const file of found) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"'\n]+)["']/g)) {
      const target = resolve(dirname(file), match[1]!);
      if (existsSync(target)) found.add(target);
    }
  }
  return [...found];
}

/** A missing package or file: the import that names it, in the file that imports it. */
function missingImport(message: string): LoadFailure {
  const what = /Cannot find (?:module|package) '([^']+)'/.exec(message)?.[1];
  const importer = (/ imported from (.+)$/m.exec(message) ?? /^- (.+)$/m.exec(message))?.[1];
  const reason = `cannot find ${what === undefined ? "an import" : `'${what}'`}`;
  if (what === undefined || importer === undefined) return { reason: message.split("\n")[0]! };
  const file = filePath(importer);
  // The loader itself (in node_modules) is the importer of the module asked for: no import to point at.
  if (file.split(sep).includes("node_modules")) return { reason };
  return { place: importPlace(file, what) ?? { file, line: 1, column: 1 }, reason };
}

/** Where `file` names `what`: the literal itself, or a relative one that resolves to it (ESM names the resolved path). */
function importPlace(file: string, what: string): Place | undefined {
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, "utf8").split("\n");
  for (const [index, line] of lines.entries()) {
    for (const literal of line.matchAll(/(["'])([^"'\n]+)\1/g)) {
      const named = literal[2]!;
      if (named === what || (named.startsWith(".") && resolve(dirname(file), named) === what)) {
        return { file, line: index + 1, column: literal.index + 1 };
      }
    }
  }
  return undefined;
}
