import cliProgress from "cli-progress";

/** Sweeps with fewer runs than this are over before a bar would tell anyone anything. */
const MIN_RUNS = 5;

/** Where a sweep writes its report lines, and how far it has got. */
export interface Progress {
  /** Writes report text to stdout, clearing the bar first and drawing it again after. */
  print(text: string): void;
  update(done: number): void;
  stop(): void;
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
    format: "{bar} {value}/{total} runs | {duration_formatted} | eta {eta_formatted}",
    // One frame per ~11 days: the bars' own redraw timer never fires; print() and update() draw.
    fps: 0.000001,
    forceRedraw: true,
    clearOnComplete: true,
  });
  const bar = bars.create(total, 0);
  return {
    print(text) {
      process.stderr.cursorTo(0);
      process.stderr.clearLine(0);
      process.stdout.write(text);
      bars.update();
    },
    update(done) {
      bar.update(done);
      bars.update();
    },
    stop: () => bars.stop(),
  };
}
