import { describe, expect, it } from "vitest";
import { FLOOR_SETUPS, benchLabnetFloor, floorRun } from "../../bench/labnet-floor.js";
import { encode } from "../../labnet/index.js";

const CALLS = 500;

describe("labnet's floor benchmark", () => {
  it.each(Object.entries(FLOOR_SETUPS))("%s: does each duty switched on for every call, and none switched off", async (_name, duties) => {
    const run = await floorRun(duties, CALLS);
    expect(run.roundTripsPerSecond).toBeGreaterThan(0);
    // Four trace events a round trip (send, execute, reply, deliver), as labnet records.
    expect(run.traceEvents).toBe(duties.hash ? 4 * CALLS : 0);
    const perCall = encode({ key: "k" }, "args").bytes + encode({ value: "v", version: 1, err: "OK" }, "reply").bytes;
    expect(run.bytesCopied).toBe(duties.copy ? CALLS * perCall : 0);
    // A seeded tie for each of a round trip's two events.
    expect(run.keyedEvents).toBe(duties.keyed ? 2 * CALLS : 0);
  });

  it("prints a figure for every setup", async () => {
    expect(Object.keys(await benchLabnetFloor(1, CALLS))).toEqual(Object.keys(FLOOR_SETUPS));
  });
});
