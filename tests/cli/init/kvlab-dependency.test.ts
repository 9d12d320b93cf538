import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isPathSpec, kvlabDependency, specPath } from "../../../src/cli/init/kvlab-dependency.js";
import { tempDir } from "../../support/temp-dir.js";

/** A project at ROOT/project whose package.json is `manifest`, with kvlab in its node_modules. */
function installedIn(manifest: string): { root: string; project: string; kvlab: string } {
  const root = tempDir();
  const project = join(root, "project");
  const kvlab = join(project, "node_modules", "kvlab");
  mkdirSync(kvlab, { recursive: true });
  writeFileSync(join(project, "package.json"), manifest);
  return { root, project, kvlab };
}

describe("kvlabDependency", () => {
  it("follows the spec the holding project installed kvlab with, rebasing a file: path onto the new folder", () => {
    const { project, kvlab } = installedIn(JSON.stringify({ dependencies: { kvlab: "file:../pack/kvlab-0.1.0.tgz" } }));
    expect(kvlabDependency(kvlab, "0.1.0", join(project, "lab"))).toBe("file:../../pack/kvlab-0.1.0.tgz");
    expect(kvlabDependency(kvlab, "0.1.0", join(project, "..", "pack", "lab"))).toBe("file:../kvlab-0.1.0.tgz");
    expect(kvlabDependency(kvlab, "0.1.0", join(project, "..", "pack"))).toBe("file:./kvlab-0.1.0.tgz");
  });

  it("keeps any other spec as it is, from dependencies or devDependencies", () => {
    const git = installedIn(JSON.stringify({ dependencies: { kvlab: "github:someone/kvlab" } }));
    expect(kvlabDependency(git.kvlab, "0.1.0", join(git.root, "lab"))).toBe("github:someone/kvlab");
    const dev = installedIn(JSON.stringify({ devDependencies: { kvlab: "~0.1.0" } }));
    expect(kvlabDependency(dev.kvlab, "0.1.0", join(dev.root, "lab"))).toBe("~0.1.0");
  });

  it("run from a checkout of kvlab, names that folder", () => {
    const checkout = join(tempDir(), "kvlab");
    expect(kvlabDependency(checkout, "1.2.3", join(checkout, "..", "labs", "mine"))).toBe("file:../../kvlab");
  });

  it("falls back on the running version where nothing says how an installed kvlab came", () => {
    expect(kvlabDependency(installedIn("{}").kvlab, "1.2.3", "lab")).toBe("^1.2.3");
    expect(kvlabDependency(installedIn("not json").kvlab, "1.2.3", "lab")).toBe("^1.2.3");
    expect(kvlabDependency(installedIn(JSON.stringify({ dependencies: { kvlab: 7 } })).kvlab, "1.2.3", "lab")).toBe("^1.2.3");
    const global = join(tempDir(), "lib", "node_modules", "kvlab");
    mkdirSync(global, { recursive: true });
    expect(kvlabDependency(global, "1.2.3", "lab")).toBe("^1.2.3");
  });

  it("reads a spec as a path as npm does: file:, a leading . or /, or a tarball's ending; not a version, tag, URL or shorthand", () => {
    for (const spec of ["file:../kvlab", "file:kvlab.tgz", "./kvlab-0.1.0.tgz", "../kvlab", ".", "/opt/kvlab", "kvlab.tgz", "kvlab.tar.gz", "kvlab.tar"]) {
      expect(isPathSpec(spec), spec).toBe(true);
    }
    for (const spec of ["^0.1.0", "0.1.0", "latest", "github:someone/kvlab", "someone/kvlab", "git+https://example.org/kvlab.git", "https://example.org/kvlab-0.1.0.tgz", "npm:kvlab@1"]) {
      expect(isPathSpec(spec), spec).toBe(false);
    }
    expect(specPath("file:../kvlab")).toBe("../kvlab");
    expect(specPath("./kvlab.tgz")).toBe("./kvlab.tgz");
  });

  it("an override wins: an existing path becomes a file: spec from the new folder, anything else stays", () => {
    const { project, kvlab, root } = installedIn(JSON.stringify({ dependencies: { kvlab: "^0.1.0" } }));
    writeFileSync(join(root, "kvlab.tgz"), "");
    expect(kvlabDependency(kvlab, "0.1.0", join(project, "lab"), join(root, "kvlab.tgz"))).toBe("file:../../kvlab.tgz");
    expect(kvlabDependency(kvlab, "0.1.0", join(project, "lab"), "git+https://example.org/kvlab.git")).toBe("git+https://example.org/kvlab.git");
  });
});
