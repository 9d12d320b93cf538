/**
 * How labnet words a thrown value ({@link thrownText}), finds call sites in a stack
 * ({@link stackFrames}) and hands a promise rejection nobody handled to the run in progress
 * ({@link failRunningSimulation}). A part with a face of its own: the simulator uses it, and so do
 * the harness and a command line's crash handler, which must not load the simulator (and
 * seedrandom) to report a crash.
 */
export { filePath, stackFrames } from "./stack-frames.js";
export type { StackFrame } from "./stack-frames.js";
export { thrownText } from "./thrown-text.js";
export { failRunningSimulation, setRunInProgress } from "./run-in-progress.js";
