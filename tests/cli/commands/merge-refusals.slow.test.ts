// kvlab merge's refusals as a user meets them: one line on stderr naming the file, exit 3.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kvlabIn } from "../../support/shards.js";
import { tempDir } from "../../support/temp-dir.js";

describe("kvlab merge refuses, in one line with exit 3,", () => {
  it.each([
    ["a file it cannot read", null, /^kvlab merge: cannot read (.+)missing\.json \(ENOENT\)\n$/],
    ["a file that is not JSON", "shard 1/2: 3 of the sweep's 6 runs\n[", /^kvlab merge: (.+)bad\.json is not JSON \(.+\)\n$/],
    ["a file that is not an array of reports", "[1]", /^kvlab merge: (.+)bad\.json, report 0 is not a report of kvlab test --json \(with kvlab's lab and sweepIndex\): the report: .+\n$/],
  ])("%s", async (_, text, message) => {
    const file = join(tempDir(), text === null ? "missing.json" : "bad.json");
    if (text !== null) writeFileSync(file, text);
    const run = await kvlabIn({}, "merge", file);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(message);
    expect(run.status).toBe(3);
  });
});
