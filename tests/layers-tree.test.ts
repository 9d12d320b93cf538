import { expect, it } from "vitest";
import { layerViolations, repoRoot } from "./support/layers.js";

/**
 * DESIGN.md's layers hold in this repository: no import breaks a rule of `.dependency-cruiser.cjs`
 * (whose rules tests/layers.test.ts proves on deliberate violations). A failure lists each import
 * as "from → to (rule)"; `npm run lint:deps` says the same with the rules' reasons.
 */
it("no import in src/ or labnet/ breaks DESIGN.md's layer rules", async () => {
  expect((await layerViolations(repoRoot)).join("\n")).toBe("");
});
