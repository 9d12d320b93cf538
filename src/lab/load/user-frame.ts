import { findSourceMap, type SourceMapping } from "node:module";
import { relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** kvlab's own code (src/ and labnet/, or their builds under dist/): frames there are not the user's. */
const KVLAB_CODE = [new URL("../../", import.meta.url), new URL("../../../labnet/", import.meta.url)].map((url) => fileURLToPath(url));

/** One stack line's place: `at f (/a/b.ts:3:9)`, `at /a/b.ts:3:9`, `at file:///a/b.ts:3:9`. */
const FRAME = /^\s*at (?:.*? \()?((?:file:\/\/)?(?:\/|[A-Za-z]:\\).*?):(\d+):(\d+)\)?$/;

/** A place in a file, as editors and Node's stacks write it: 1-based line and column. */
export interface Place {
  file: string;
  line: number;
  column: number;
}

/**
 * The first frame of `stack` in the user's code: a file that is not Node's own, not in a
 * node_modules folder and not kvlab's. tsx maps compiled TypeScript back to its source, so for
 * a .ts module the place is in the .ts file as written.
 */
export function userFrame(stack: string | undefined): Place | undefined {
  for (const line of stack?.split("\n") ?? []) {
    const match = FRAME.exec(line);
    if (!match) continue;
    const file = filePath(match[1]!);
    if (file.split(sep).includes("node_modules") || KVLAB_CODE.some((dir) => file.startsWith(dir))) continue;
    return sourcePlace(match[1]!, { file, line: Number(match[2]), column: Number(match[3]) });
  }
  return undefined;
}

/**
 * The place in the source as written. Node rewrites stack frames through source maps itself when
 * they are on and it formats stacks; when something else formats them (vitest does), the frame
 * is in the compiled code, and the map tsx attached to the module leads back to the source.
 */
function sourcePlace(location: string, place: Place): Place {
  if (nodeMapsStacks()) return place;
  const entry = findSourceMap(location)?.findEntry(place.line - 1, place.column - 1) as Partial<SourceMapping> | undefined;
  if (entry?.originalLine === undefined || entry.originalColumn === undefined) return place;
  return { file: place.file, line: entry.originalLine + 1, column: entry.originalColumn + 1 };
}

/** Whether Node formats stacks (its own formatter, undefined before Node 20.?, is named so). */
function nodeMapsStacks(): boolean {
  const format = Error.prepareStackTrace;
  return process.sourceMapsEnabled && (format === undefined || format.name === "ErrorPrepareStackTrace");
}

/** A stack's file URL or path as a plain path, without the query tsx adds to keep loads apart. */
export function filePath(location: string): string {
  const path = location.replace(/\?.*$/, "");
  return path.startsWith("file://") ? fileURLToPath(path) : path;
}

/** `file:line:column`, the file relative to the working directory when it lies inside it. */
export function placeText(place: Place): string {
  const inside = relative(process.cwd(), place.file);
  const shown = inside.startsWith("..") || inside === "" ? place.file : inside;
  return `${shown}:${place.line}:${place.column}`;
}
