import { fileURLToPath } from "node:url";

/**
 * One frame of an error's stack that names a file: `at f (/a/b.ts:3:9)`, `at /a/b.ts:3:9`,
 * `at async file:///a/b.ts:3:9`, Windows paths too. Frames of Node's own code (`node:…`) and of code
 * with no file (`<anonymous>`) name none and are left out. The one parser of stacks in kvlab:
 * where user code reached for ambient time, where an error nothing caught was thrown, and which
 * frame of a load failure or a thrown handler is the user's.
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
