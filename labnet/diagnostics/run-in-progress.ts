/**
 * Which simulated run, if any, is in progress in this thread, so that a program's last-resort
 * handler can hand it a promise rejection nobody handled, without loading the simulator: the
 * command line's handler is loaded by every command, `kvlab check` and `--help` included.
 */
let failRun: ((reason: unknown) => void) | undefined;

/** Called by a Simulation as its run starts (with how to fail it) and ends (with undefined). */
export function setRunInProgress(fail: ((reason: unknown) => void) | undefined): void {
  failRun = fail;
}

/**
 * Fails the run in progress in this thread with `reason`, a promise rejection nobody handled (a
 * fire-and-forget async function of the user's that threw, as a Raft peer's heartbeat loop reading
 * past its log's end), as the failure of "a promise nobody awaited": the run fails as a task that
 * throws does, with its test and seed, where the program would otherwise end. False when no run is
 * in progress: the rejection is then the program's to handle.
 *
 * @example
 * process.on("unhandledRejection", (reason) => {
 *   if (!failRunningSimulation(reason)) throw reason;
 * });
 */
export function failRunningSimulation(reason: unknown): boolean {
  if (!failRun) return false;
  failRun(reason);
  return true;
}
