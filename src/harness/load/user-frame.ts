import { findSourceMap, type SourceMapping } from "node:module";
import { relative } from "node:path";
import { stackFrames } from "../../../labnet/diagnostics/index.js";
import { isKvlabCode, isLibraryCode, kvlabRoot } from "../command-line/index.js";

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
export function userFrame(stack: string | undefined, kvlab = kvlabRoot()): Place | undefined {
  const frame = stackFrames(stack).find(({ file }) => !isKvlabCode(file, kvlab) && !isLibraryCode(file));
  return frame && sourcePlace(frame.location, { file: frame.file, line: frame.line, column: frame.column });
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

/** `file:line:column`, the file relative to the working directory when it lies inside it. */
export function placeText(place: Place): string {
  const inside = relative(process.cwd(), place.file);
  const shown = inside.startsWith("..") || inside === "" ? place.file : inside;
  return `${shown}:${place.line}:${place.column}`;
}
