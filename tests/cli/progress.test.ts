// The sweep's progress bar as it reads: runs done of all, runs per second, failures so far and
// the time left, rendered by cli-progress's own formatter from the bar's format and payload.
import cliProgress from "cli-progress";
import { describe, expect, it } from "vitest";
import { BAR_FORMAT, barPayload } from "../../src/cli/progress.js";

/** The bar's line after `value` of `total` runs, with `eta` seconds left, as cli-progress draws it (a 10-cell bar, its other options its defaults). */
function render(value: number, total: number, eta: number, payload: object): string {
  const options = { format: BAR_FORMAT, barsize: 10, barCompleteString: "#".repeat(10), barIncompleteString: "-".repeat(10), barGlue: "", autopaddingChar: "" };
  const now = Date.now();
  return cliProgress.Format.Formatter(options as never, { progress: value / total, eta, startTime: now, stopTime: now, total, value, maxWidth: 200 } as never, payload);
}

describe("the sweep's progress bar", () => {
  it("shows runs done of all, runs per second, failures so far and the time left", () => {
    expect(render(300, 1000, 95, barPayload(300, 4, 120_000))).toBe("###------- 300/1000 runs | 2.5 runs/s | 4 failed | eta 1m35s");
  });

  it("gives runs per second to three figures, fast sweeps and slow ones alike", () => {
    expect(barPayload(12_345, 0, 9_000)).toEqual({ speed: "1370", failures: 0 });
    expect(barPayload(1, 1, 2_427)).toEqual({ speed: "0.412", failures: 1 });
  });

  it("before any time has passed, says 0 runs per second rather than dividing by nothing", () => {
    expect(barPayload(0, 0, 0)).toEqual({ speed: "0", failures: 0 });
  });
});
