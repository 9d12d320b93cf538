import { INTERRUPTED_EXIT } from "./exit-codes.js";

/** Ctrl-C while a long job runs, as the job sees it. */
export interface Interrupt {
  /** Aborted by the first Ctrl-C: the job stops and ends with what it finished. */
  signal: AbortSignal;
  /** Gives Ctrl-C back to Node's default (the process ends at once). */
  release(): void;
}

/**
 * Catches SIGINT until released: the first aborts `signal`, so a sweep can stop and still print
 * the runs that finished; a second, for someone who will not wait for that, exits at once with 130.
 */
export function catchInterrupt(): Interrupt {
  const stop = new AbortController();
  const onInterrupt = () => {
    if (stop.signal.aborted) process.exit(INTERRUPTED_EXIT);
    stop.abort(new Error("interrupted (Ctrl-C)"));
  };
  process.on("SIGINT", onInterrupt);
  return { signal: stop.signal, release: () => process.off("SIGINT", onInterrupt) };
}
