import { describe, expect, it } from "vitest";
import { Persister } from "../../labnet/index.js";

describe("labnet persister", () => {
  it("starts empty, and reads back what was saved", () => {
    const persister = new Persister();
    expect(persister.readState()).toBe("");
    expect(persister.readSnapshot()).toBe("");
    persister.save("state-1", "snapshot-1");
    expect(persister.readState()).toBe("state-1");
    expect(persister.readSnapshot()).toBe("snapshot-1");
  });

  it("saving the state alone keeps the last snapshot", () => {
    const persister = new Persister();
    persister.save("s1", "snap");
    persister.save("s2");
    expect(persister.readState()).toBe("s2");
    expect(persister.readSnapshot()).toBe("snap");
  });

  it("bytes are copied on the way in and on the way out, so nobody shares them with the disk", () => {
    const persister = new Persister();
    const saved = new Uint8Array([1, 2, 3]);
    persister.save(saved, new Uint8Array([9]));
    saved[0] = 42;
    const read = persister.readState() as Uint8Array;
    expect([...read]).toEqual([1, 2, 3]);
    read[1] = 42;
    expect([...(persister.readState() as Uint8Array)]).toEqual([1, 2, 3]);
    expect([...(persister.readSnapshot() as Uint8Array)]).toEqual([9]);
  });

  it("sizes are in bytes: UTF-8 for text", () => {
    const persister = new Persister();
    persister.save("héllo", new Uint8Array(10));
    expect(persister.stateSize).toBe(6);
    expect(persister.snapshotSize).toBe(10);
  });

  it("a copy holds the same saved state and goes its own way after", () => {
    const persister = new Persister();
    persister.save(new Uint8Array([1]), "snap");
    const copy = persister.copy();
    expect([...(copy.readState() as Uint8Array)]).toEqual([1]);
    expect(copy.readSnapshot()).toBe("snap");
    persister.save("later");
    expect([...(copy.readState() as Uint8Array)]).toEqual([1]);
    copy.save("copy's own");
    expect(persister.readState()).toBe("later");
  });
});
