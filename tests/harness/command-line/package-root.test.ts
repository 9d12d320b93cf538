import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kvlabPackage, kvlabRoot } from "../../../src/harness/command-line/index.js";
import { packageVersion } from "../../../src/cli/package-version.js";
import { repo } from "../../support/run-cli.js";

describe("kvlab's package root", () => {
  it("is this checkout, found from the source files, with its package.json", () => {
    const manifest = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { name: string; version: string };
    const found = kvlabPackage();
    expect(found.root).toBe(repo);
    expect(found.manifest.name).toBe("kvlab");
    expect(found.manifest.version).toBe(manifest.version);
    expect(kvlabRoot()).toBe(repo);
  });

  it("gives the command lines their version", () => {
    expect(packageVersion()).toBe(kvlabPackage().manifest.version);
  });
});
