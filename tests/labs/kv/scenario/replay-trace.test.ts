import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { kvlab, repo } from "../../../support/run-cli.js";
import { tempDir } from "../../../support/temp-dir.js";

// Each replay fails as its scenario expects and writes its page: into a test's folder, not the repository.

it("kvlab replay --trace shows each message's arguments on its send and the reply on its reply", async () => {
  const run = await kvlab("replay", "scenarios/errmaybe-after-lost-reply.json", "--trace", "--pages", tempDir("kvlab-replay-"));
  const lines = run.stdout.split("\n");
  expect(lines).toContain('0.000ms send clerk-1#1 put→kvserver  args {"key":"k","value":"a","version":0}');
  expect(lines).toContain('0.000ms send clerk-2#1 get→kvserver  args {"key":"k"}');
  expect(lines).toContain('1.179ms drop-reply clerk-1#1 put→kvserver  reply {"err":"OK"}');
  expect(lines).toContain('101.759ms reply clerk-1#2 put→kvserver  reply {"err":"ErrVersion"}');
  expect(lines).toContain('201.291ms reply clerk-2#1 get→kvserver  reply {"value":"b","version":2,"err":"OK"}');
  expect(run.status).toBe(0);
});

it("what --trace adds is for display: the run, its hash and its compared trace stay the same", async () => {
  const file = "scenarios/regressions/clerk-never-errmaybe-seed1.json";
  const { expect: expected } = JSON.parse(readFileSync(join(repo, file), "utf8")) as { expect: { traceHash: string } };
  const run = await kvlab("replay", file, "--trace", "--pages", tempDir("kvlab-replay-"));
  expect(run.stdout).toMatch(new RegExp(`^(reproduced: fail|still failing, as recorded): .*, trace ${expected.traceHash}$`, "m"));
  // Without the additions, the printed lines are the recorded trace, line for line.
  const printed = run.stdout.split("\n").filter((line) => /^\d+\.\d{3}ms /.test(line)).map((line) => line.replace(/ {2}(args|reply|for) .*$/, ""));
  expect(printed).toEqual(readFileSync(join(repo, file.replace(/\.json$/, ".trace")), "utf8").trimEnd().split("\n"));
  expect(run.stdout).toMatch(/ {2}args \{"key":"a","value":"p+","version":0\}$/m);
});
