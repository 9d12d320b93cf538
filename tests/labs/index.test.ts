import { describe, expect, it } from "vitest";
import { labNames, labs } from "../../src/labs/index.js";

// The registry describes each lab before loading it (for --help and flag checks): what it says
// must be what the lab itself says, or --help lies after a lab's suites or title change.
describe("the lab registry", () => {
  it("offers the kv lab first (the default)", () => {
    expect(labNames[0]).toBe("kv");
    expect(labNames).toEqual(Object.keys(labs));
  });

  for (const [name, entry] of Object.entries(labs)) {
    it(`${name}: its suites, title and parts are the loaded lab's own, and it loads the lab of that name`, async () => {
      const lab = await entry.load();
      expect(lab.name).toBe(name);
      expect(entry.suites).toEqual(Object.keys(lab.suites));
      expect(entry.title).toBe(lab.title);
      expect(entry.parts ?? {}).toEqual(Object.fromEntries((lab.parts ?? []).map((part) => [part.flag, part.describe])));
    });
  }
});
