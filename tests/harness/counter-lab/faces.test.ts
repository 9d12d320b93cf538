// The counter lab is a lab as any project could write one: it reaches kvlab only through the
// faces of the harness, labnet and the checker, and nothing of the KV lab.
import { join } from "node:path";
import { cruise, type ICruiseResult } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import { expect, it } from "vitest";
import { repoRoot } from "../../support/layers.js";

it("imports nothing of kvlab but the faces of the harness, labnet and the checker", async () => {
  const options = await extractDepcruiseOptions(join(repoRoot, ".dependency-cruiser.cjs"));
  const result = (await cruise(["tests/harness/counter-lab"], { ...options, baseDir: repoRoot, includeOnly: "^(src|labnet|tests)/", doNotFollow: { path: ["node_modules", "^src/", "^labnet/"] } })).output as ICruiseResult;
  const lab = result.modules.find((module) => module.source === "tests/harness/counter-lab/lab.ts");
  expect(lab?.dependencies.map((dependency) => dependency.resolved)).toContain("src/harness/index.ts");
  const outside = result.modules
    .filter((module) => module.source.startsWith("tests/harness/counter-lab/") && !module.source.endsWith(".test.ts"))
    .flatMap((module) => module.dependencies.map((dependency) => dependency.resolved))
    .filter((resolved) => !resolved.startsWith("tests/harness/counter-lab/"));
  expect([...new Set(outside)].sort()).toEqual(["labnet/index.ts", "src/check/index.ts", "src/harness/index.ts"]);
});
