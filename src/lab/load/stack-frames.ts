import { join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { kvlabPackage } from "../../cli/package-version.js";

/**
 * One frame of an error's stack that names a file: `at f (/a/b.ts:3:9)`, `at /a/b.ts:3:9`,
 * `at async file:///a/b.ts:3:9`, Windows paths too. Frames of Node's own code (`node:…`) and of code
 * with no file (`<anonymous>`) name none and are left out. The one parser of stacks in kvlab:
 * where an error nothing caught was thrown, and which frame of a load failure is the user's.
 */
export interface StackFrame {
  /** As the stack wrote it (a path or a file: URL, with any query): the key of its source map. */
  location: string;
  /** The file as a plain path. */
  file: string;
  line: number;
  column: number;
}

/** A path may hold spaces and parentheses: the place is what ends the line, `:line:column` and an optional `)`. */
const FRAME = /^\s*at (?:async )?(?:.*? \()?((?:file:\/\/)?(?:\/|[A-Za-z]:\\).*?):(\d+):(\d+)\)?$/;

/** The frames of `stack` that name a file, top first. */
export function stackFrames(stack: string | undefined): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const line of stack?.split("\n") ?? []) {
    const match = FRAME.exec(line);
    if (match) frames.push({ location: match[1]!, file: filePath(match[1]!), line: Number(match[2]), column: Number(match[3]) });
  }
  return frames;
}

/** A stack's file URL or path as a plain path, without the query tsx adds to keep loads apart. */
export function filePath(location: string): string {
  const path = location.replace(/\?.*$/, "");
  return path.startsWith("file://") ? fileURLToPath(path) : path;
}

let root: string | undefined;

/**
 * kvlab's package folder, where its package.json is: a checkout, or node_modules/kvlab when
 * installed. Found once, by the same walk that finds its version.
 */
export function kvlabRoot(): string {
  return (root ??= kvlabPackage().root);
}

/**
 * Whether `file` is kvlab's own code: its sources (src/, labnet/) or their build (dist/), under
 * kvlab's root wherever that lies, node_modules included; its examples and tests are not.
 */
export function isKvlabCode(file: string, kvlab = kvlabRoot()): boolean {
  return ["src", "labnet", "dist"].some((folder) => file.startsWith(join(kvlab, folder) + sep));
}

/** Whether `file` is a library's: anything in a node_modules folder (kvlab's own code is asked first). */
export function isLibraryCode(file: string): boolean {
  return file.split(/[\\/]/).includes("node_modules");
}
