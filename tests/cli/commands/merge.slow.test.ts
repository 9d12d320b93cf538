// kvlab merge on the shards of a sweep with failures: N shards (kvlab test --shard I/N --json),
// merged, give exactly the unsharded run's reports, its failures' lines, its totals and its exit
// status.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CliRun } from "../../support/run-cli.js";
import { comparable, failureAndTotalLines, kvlabIn } from "../../support/shards.js";
import { tempDirForFile } from "../../support/temp-dir.js";

const sweep = ["test", "--impl", "examples/kv/buggy/clerk-never-errmaybe.ts", "--test", "TestReliablePut", "TestUnreliableNet", "--seeds", "3", "--explain", "0"];
const SHARD_COUNTS = [1, 2, 3, 5];

let whole: { json: CliRun; text: CliRun };
const merged = new Map<number, { json: CliRun; text: CliRun; files: string[] }>();
beforeAll(async () => {
  const dir = tempDirForFile("kvlab-merge-");
  const [json, text] = await Promise.all([kvlabIn({}, ...sweep, "--json"), kvlabIn({}, ...sweep)]);
  whole = { json, text };
  for (const count of SHARD_COUNTS) {
    const shards = await Promise.all(Array.from({ length: count }, (_, i) => kvlabIn({}, ...sweep, "--shard", `${i + 1}/${count}`, "--json")));
    const files = shards.map((shard, i) => {
      const file = join(dir, `${count}-${i + 1}.json`);
      writeFileSync(file, shard.stdout);
      return file;
    });
    // The files in reverse: kvlab merge orders the runs itself.
    const [json, text] = await Promise.all([kvlabIn({}, "merge", ...files.toReversed(), "--json"), kvlabIn({}, "merge", ...files)]);
    merged.set(count, { json, text, files });
  }
}, 240_000);

describe("kvlab merge of a sweep's shards", () => {
  it("has an unsharded sweep with failures to compare with", () => {
    expect(whole.json.status).toBe(1);
    expect(failureAndTotalLines(whole.text.stdout).at(-1)).toBe("3 passed, 3 failed");
  });

  for (const count of SHARD_COUNTS) {
    it(`of ${count} shard(s) gives the unsharded run's reports, run by run, in its order`, () => {
      const { json } = merged.get(count)!;
      expect(json.stderr).toBe("");
      expect(comparable(json.stdout)).toEqual(comparable(whole.json.stdout));
    });

    it(`of ${count} shard(s) prints the unsharded run's failures with their rerun lines, its totals, and exits as it does`, () => {
      const { text, json } = merged.get(count)!;
      expect(text.stdout.split("\n").filter(Boolean)).toEqual(failureAndTotalLines(whole.text.stdout));
      expect([text.status, json.status]).toEqual([whole.text.status, whole.json.status]);
    });
  }

  it("refuses a shard given twice, in one line, with exit 3", async () => {
    const [file] = merged.get(2)!.files;
    const run = await kvlabIn({}, "merge", file!, file!);
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(new RegExp(`^kvlab merge: ${file}, report 0 \\(TestReliablePut seed 1, run 0 of the sweep\\) repeats ${file}, report 0 .+: merge each shard once\\n$`));
  });
});
