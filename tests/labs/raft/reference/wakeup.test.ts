import { describe, expect, it } from "vitest";
import { Wakeup } from "../../../../src/labs/raft/reference/wakeup.js";

describe("Wakeup", () => {
  it("wakes a waiter, and keeps a notification that came while nobody waited", async () => {
    const wakeup = new Wakeup();
    let woken = false;
    const waiting = wakeup.wait().then(() => (woken = true));
    await Promise.resolve();
    expect(woken).toBe(false);
    wakeup.notify();
    await waiting;
    expect(woken).toBe(true);

    wakeup.notify();
    wakeup.notify();
    await wakeup.wait(); // the kept notification: returns at once
    let again = false;
    void wakeup.wait().then(() => (again = true));
    await Promise.resolve();
    await Promise.resolve();
    expect(again).toBe(false); // two notifications before a wait count as one
  });
});
