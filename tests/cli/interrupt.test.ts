// Ctrl-C as a sweep sees it: the first aborts its signal, a second exits at once with 130, and
// once released, SIGINT is Node's again.
import { afterEach, describe, expect, it, vi } from "vitest";
import { catchInterrupt } from "../../src/cli/interrupt.js";

afterEach(() => vi.restoreAllMocks());

describe("catchInterrupt", () => {
  it("aborts on the first SIGINT and exits with 130 on the second", () => {
    const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
    const interrupt = catchInterrupt();
    // Its own listener is called, not process.emit: the test runner may listen to SIGINT too.
    const sigint = process.listeners("SIGINT").at(-1)!;
    try {
      expect(interrupt.signal.aborted).toBe(false);
      sigint("SIGINT");
      expect(interrupt.signal.aborted).toBe(true);
      expect(exit).not.toHaveBeenCalled();
      sigint("SIGINT");
      expect(exit).toHaveBeenCalledWith(130);
    } finally {
      interrupt.release();
    }
  });

  it("released, listens no more", () => {
    const before = process.listenerCount("SIGINT");
    const interrupt = catchInterrupt();
    expect(process.listenerCount("SIGINT")).toBe(before + 1);
    interrupt.release();
    expect(process.listenerCount("SIGINT")).toBe(before);
    expect(interrupt.signal.aborted).toBe(false);
  });
});
