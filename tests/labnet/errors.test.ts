import { describe, expect, it } from "vitest";
import { DeadlockError, SimulationError, StuckRunError, TaskFailedError, TimeLimitError } from "../../labnet/index.js";

describe("labnet's run failures", () => {
  it("are one family, so a harness can tell a stuck run from a failed task by class", () => {
    const deadlock = new DeadlockError("d", ["a"]);
    const limit = new TimeLimitError("t", ["b"]);
    const failed = new TaskFailedError("c", 1, new Error("x"));
    for (const error of [deadlock, limit, failed]) expect(error).toBeInstanceOf(SimulationError);
    expect(deadlock).toBeInstanceOf(StuckRunError);
    expect(limit).toBeInstanceOf(StuckRunError);
    expect(failed).not.toBeInstanceOf(StuckRunError);
    expect([deadlock.name, limit.name, failed.name]).toEqual(["DeadlockError", "TimeLimitError", "TaskFailedError"]);
    expect(deadlock.tasks).toEqual(["a"]);
    expect(deadlock.ambient).toEqual([]);
  });

  it("a failed task says which task, when (to the microsecond), and what it threw: an Error's message, any other value as inspect shows it", () => {
    expect(new TaskFailedError("client-1", 12.3456, new Error("Put err ErrVersion\nat line 2")).message).toBe("client-1 failed at 12.346ms: Put err ErrVersion\nat line 2");
    const thrownValue = new TaskFailedError("client-2", 0, { code: 7 });
    expect(thrownValue.message).toBe("client-2 failed at 0.000ms: { code: 7 }");
    expect(thrownValue.cause).toEqual({ code: 7 });
    expect(thrownValue.task).toBe("client-2");
    expect(thrownValue.timeMs).toBe(0);
  });
});
