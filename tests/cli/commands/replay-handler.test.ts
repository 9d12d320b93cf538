// kvlab replay takes the lab from the scenario file: `lab` names it (default kv); a lab kvlab does
// not have is one line naming the file and the labs there are, exit 3.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kvlab, repo } from "../../support/run-cli.js";
import { tempDir } from "../../support/temp-dir.js";

/** The shipped partition-heal scenario with `fields` changed, written to a fresh folder. */
function variant(fields: Record<string, unknown>): string {
  const path = join(tempDir("kvlab-replay-lab-"), "partition-heal.json");
  writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(join(repo, "scenarios", "partition-heal.json"), "utf8")), ...fields }));
  return path;
}

describe("kvlab replay and the lab field", () => {
  it("refuses a scenario for a lab it does not have: one line, exit 3", async () => {
    const path = variant({ lab: "raft" });
    const run = await kvlab("replay", path);
    expect(run.stderr).toBe(`kvlab replay: ${path}: lab: no lab named "raft" (the labs are kv)\n`);
    expect(run.stdout).toBe("");
    expect(run.status).toBe(3);
  });

  it("runs a scenario that says it is for kv as one that says nothing", async () => {
    const [namedPath, unnamedPath] = [variant({ lab: "kv" }), join(repo, "scenarios", "partition-heal.json")];
    const [named, unnamed] = [await kvlab("replay", namedPath), await kvlab("replay", unnamedPath)];
    /** The output with the file's own path and wall times taken out. */
    const same = (stdout: string, path: string) => stdout.replaceAll(path, "FILE").replace(/\d+\.\d+s/g, "");
    expect(named.status).toBe(0);
    expect(same(named.stdout, namedPath)).toBe(same(unnamed.stdout, unnamedPath));
  });
});
