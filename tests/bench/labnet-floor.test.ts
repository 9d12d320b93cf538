import { describe, expect, it } from "vitest";
import { benchLabnetFloor } from "../../bench/labnet-floor.js";

describe("labnet's floor benchmark", () => {
  it("runs the minimal loop to the end with each duty, and with all three", async () => {
    const figures = await benchLabnetFloor(1, 500);
    expect(Object.keys(figures)).toEqual(["loop alone", "+ copy", "+ trace hash", "+ keyed draws", "+ all three"]);
    for (const rate of Object.values(figures)) expect(rate).toBeGreaterThan(0);
  });
});
