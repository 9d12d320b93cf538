import cliProgress from "cli-progress";

/** Sweeps with fewer runs than this are over before a bar would tell anyone anything. */
const MIN_RUNS = 5;

/** Where a sweep writes its report lines, and how far it has got. */
export interface Progress {
  /** Writes report text to stdout, clearing the bar first and drawing it again after. */
  print(text: string): void;
  /** `done` runs have finished, `failures` of them failed. */
  update(done: number, failures: number): void;
  stop(): void;
}

/**
 * What the bar shows, in cli-progress's tokens: its own (value, total, eta_formatted: time left at
 * the pace of the last runs) and the payload's (see barPayload).
 */
export const BAR_FORMAT = "{bar} {value}/{total} runs | {speed} runs/s | {failures} failed | eta {eta_formatted}";

/** The bar's payload after `done` runs, `failures` of them failed, in `elapsedMs` of wall time. */
export function barPayload(done: number, failures: number, elapsedMs: number): { speed: string; failures: number } {
  const perSecond = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  // Three significant figures read as well for a sweep of slow tests (0.412) as of fast ones (1250).
  return { speed: perSecond.toLocaleString("en-US", { maximumSignificantDigits: 3, useGrouping: false }), failures };
}

/**
 * A progress bar on stderr for a sweep of `total` runs, or plain printing when `show` is false,
 * stderr is not a terminal, or the sweep is short. The bar is drawn only when a run ends or text
 * is printed, never from its own timer: in-process runs replace Date.now and the global timers
 * while they last, and a timer firing mid-run would read virtual time and count as user code's.
 */
export function progress(total: number, show: boolean): Progress {
  if (!show || !process.stderr.isTTY || total < MIN_RUNS) {
    return { print: (text) => process.stdout.write(text), update: () => {}, stop: () => {} };
  }
  // A MultiBar of one: unlike SingleBar, it does not save and restore the cursor around the whole
  // sweep, which would send the summary back to where the bar first stood.
  const bars = new cliProgress.MultiBar({
    stream: process.stderr,
    format: BAR_FORMAT,
    // The time left follows the pace of the last 1,000 runs: long enough a window that one slow test
    // does not swing it, short enough that it follows a sweep moving on to slower tests.
    etaBuffer: 1000,
    // One frame per ~11 days: the bars' own redraw timer never fires; print() and update() draw.
    fps: 0.000001,
    forceRedraw: true,
    clearOnComplete: true,
  });
  const start = performance.now();
  const bar = bars.create(total, 0, barPayload(0, 0, 0));
  return {
    print(text) {
      process.stderr.cursorTo(0);
      process.stderr.clearLine(0);
      process.stdout.write(text);
      bars.update();
    },
    update(done, failures) {
      bar.update(done, barPayload(done, failures, performance.now() - start));
      bars.update();
    },
    stop: () => bars.stop(),
  };
}
