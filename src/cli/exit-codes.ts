import { relative } from "node:path";
import { failRunningSimulation, stackFrames, thrownText } from "../../labnet/diagnostics/index.js";
import { isKvlabCode, isLibraryCode, kvlabRoot } from "../harness/command-line/index.js";

/**
 * Exit status shared by every kvlab command: 0 success, 1 a failed verdict, 2 unknown, 3 bad input
 * or usage, 70 (sysexits' EX_SOFTWARE) an internal error: a bug in kvlab itself, never a verdict;
 * 130 a sweep stopped by Ctrl-C.
 */
export const OK_EXIT = 0;
export const FAILED_EXIT = 1;
export const UNKNOWN_EXIT = 2;
export const USAGE_EXIT = 3;
export const INTERNAL_EXIT = 70;
/**
 * A sweep stopped by Ctrl-C (128 + SIGINT, as a shell reports an interrupted command), whatever the
 * runs that finished gave: they are not the whole sweep's verdict.
 */
export const INTERRUPTED_EXIT = 130;
/** How a shell reports a program that a closed pipe stopped (128 + SIGPIPE): it had no verdict yet. */
export const CLOSED_OUTPUT_EXIT = 141;

/**
 * Sets the exit status a command has decided (its verdict's, or its usage error's): the status
 * set is the decision, however it was set. Whatever fails after this no longer changes it to
 * another verdict's status (see {@link crash}), and a reader who closes the output early gets it
 * too (see {@link crashOnUncaught}). A command decides before it prints its verdict, so that the
 * two can never disagree.
 */
export function decideExit(status: number): void {
  process.exitCode = status;
  verdict = status;
}

/** The status {@link decideExit} set last: process.exit(n) overwrites process.exitCode before the program's end is seen. */
let verdict: number | undefined;

/** The status decided so far (see {@link decideExit}), if any. */
function decided(): number | undefined {
  return process.exitCode === undefined || process.exitCode === null ? undefined : Number(process.exitCode);
}

/**
 * A yargs `.fail` handler for the program `name`: a usage error (yargs' own, or a string a
 * check returned) is one line on stderr and exit status 3, never a stack trace. An error a
 * command threw ends the program as {@link crash} says.
 */
export function usageFailure(name: string): (message: string | undefined, error: unknown) => never {
  return (message, error) => {
    // yargs passes its own message for a usage error, and none for an error a command threw.
    if (typeof message !== "string" && error !== undefined && error !== null) crash(name, error);
    process.stderr.write(`${name}: ${message ?? String(error)}\n`);
    process.exit(USAGE_EXIT);
  };
}

/**
 * Where an error was thrown: the first frame of its stack in kvlab's code or the user's (not
 * Node's own, nor a library's under node_modules), and whose code that is.
 */
export interface ThrowSite {
  /** "src/harness/report.ts:12:5" within kvlab, else the file's full path with line and column. */
  where: string;
  ours: boolean;
}

export function throwSite(error: unknown): ThrowSite | undefined {
  return error instanceof Error ? stackSite(error.stack) : undefined;
}

/**
 * The site of {@link throwSite} in a stack's text, given kvlab's root. kvlab's own code is asked
 * first: installed, it lies under node_modules/kvlab, and a library's frame is passed over only
 * when it is not kvlab's.
 */
export function stackSite(stack: string | undefined, kvlab = kvlabRoot()): ThrowSite | undefined {
  for (const { file, line, column } of stackFrames(stack)) {
    const ours = isKvlabCode(file, kvlab);
    if (!ours && isLibraryCode(file)) continue;
    return { where: `${ours ? relative(kvlab, file) : file}:${line}:${column}`, ours };
  }
  return undefined;
}

/**
 * Ends the program `name` for an error nothing caught, with one line on stderr. An error from the
 * system (a file that is not there, a port in use: it has a code such as ENOENT) or thrown by the
 * user's own code is theirs to fix: exit 1, or, once the command has decided its status (see
 * {@link decideExit}), that status, since a 1 would read as a failed verdict it never gave.
 * Anything else is a bug in kvlab: it says so, names the line of kvlab's code that threw, and exits
 * 70, a status no verdict uses, whatever was decided before.
 */
export function crash(name: string, error: unknown): never {
  const text = thrownText(error);
  const site = throwSite(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && /^E[A-Z]+$/.test(code)) {
    process.stderr.write(`${name}: ${error instanceof Error ? error.message : text}\n`);
    process.exit(decided() ?? FAILED_EXIT);
  }
  if (site && !site.ours) {
    process.stderr.write(`${name}: your code threw ${text}, at ${site.where}\n`);
    process.exit(decided() ?? FAILED_EXIT);
  }
  process.stderr.write(`${name}: internal error (a bug in kvlab, not in your code): ${text}, at ${site?.where ?? "an unknown place"}; please report it with the command that caused it\n`);
  process.exit(INTERNAL_EXIT);
}

/**
 * Makes {@link crash} the program's last resort: an error no code caught, even one thrown outside
 * any chain of promises (in a socket's callback, say), ends `name` with one line and its status,
 * never a stack trace. A reader that stops reading (`kvlab check … | head -1`) ends it quietly, with
 * the status decided so far (see {@link decideExit}), else as a shell reports a program a closed
 * pipe stopped. Each program calls it once, at its start.
 */
export function crashOnUncaught(name: string): void {
  process.on("uncaughtException", (error) => crash(name, error));
  process.on("unhandledRejection", (error) => {
    // A rejection of the user's code nobody handled, while a simulated run is in progress, fails
    // that run (with its test, seed and rerun line) rather than the program; kvlab's own stays a crash.
    if (throwSite(error)?.ours !== true && failRunningSimulation(error)) return;
    crash(name, error);
  });
  for (const stream of [process.stdout, process.stderr]) stream.on("error", (error) => endOnClosedOutput(name, error));
  process.on("exit", (code) => endedByUserCode(name, code));
}

/**
 * Called as the program `name` ends with `code`: when the user's own code called process.exit
 * (an implementation that exits in the middle of a test, or as it is imported), kvlab never
 * reached its verdict, and the user's status, 0 above all, would read as one. It says so in one
 * line, naming the call, and ends with the status decided before (see {@link decideExit}), else 1.
 * Which code called is told by the stack, as {@link throwSite} tells who threw: kvlab's own ends
 * have none of the user's frames.
 */
export function endedByUserCode(name: string, code: number, stack = new Error().stack, kvlab = kvlabRoot()): void {
  const caller = stackFrames(stack).find(({ file }) => !isKvlabCode(file, kvlab) && !isLibraryCode(file));
  if (caller === undefined) return;
  const status = verdict ?? FAILED_EXIT;
  process.stderr.write(`${name}: your code called process.exit(${code}) at ${caller.file}:${caller.line}:${caller.column}; ${verdict === undefined ? "kvlab had no verdict yet" : "kvlab keeps its verdict's status"}, exit ${status}\n`);
  process.exitCode = status;
}

/** An error writing to stdout or stderr: the reader gone (EPIPE) ends the program quietly; anything else is a crash. */
export function endOnClosedOutput(name: string, error: unknown): never {
  if ((error as { code?: unknown } | null)?.code === "EPIPE") process.exit(decided() ?? CLOSED_OUTPUT_EXIT);
  crash(name, error);
}
