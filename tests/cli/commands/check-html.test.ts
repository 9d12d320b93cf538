import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { kvlab } from "../../support/run-cli.js";

const good = (name: string) => join("tests", "check", "fixtures", "good", name);
const dir = mkdtempSync(join(tmpdir(), "kvlab-check-html-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("kvlab check --html", () => {
  it("writes one page for one file and says where", async () => {
    const page = join(dir, "one.html");
    const { status, stdout } = await kvlab("check", good("kv-stale-read.jsonl"), "--html", page);
    expect(status).toBe(1);
    expect(stdout.endsWith(`wrote ${page}\n`)).toBe(true);
    const html = readFileSync(page, "utf8");
    expect(html).toContain('<span class="verdict illegal">illegal</span>');
    expect(html).toContain("npx kvlab check tests/check/fixtures/good/kv-stale-read.jsonl");
  });

  it("with several files, writes a page for each readable one into the directory", async () => {
    const out = join(dir, "pages");
    const { status, stdout } = await kvlab("check", good("kv-concurrent.jsonl"), good("kv-stale-read.jsonl"), "no-such-file.jsonl", "--html", out);
    expect(status).toBe(3);
    expect(stdout.split("\n").filter((l) => l.startsWith("wrote "))).toEqual([`wrote ${join(out, "kv-concurrent.html")}`, `wrote ${join(out, "kv-stale-read.html")}`]);
    expect(readFileSync(join(out, "kv-concurrent.html"), "utf8")).toContain('<span class="verdict ok">ok</span>');
    expect(existsSync(join(out, "no-such-file.html"))).toBe(false);
  });

  it("with --json, keeps stdout for the JSON and says where on stderr", async () => {
    const page = join(dir, "json.html");
    const { stdout, stderr } = await kvlab("check", good("kv-concurrent.jsonl"), "--json", "--html", page);
    expect((JSON.parse(stdout) as { verdict: string }[])[0]!.verdict).toBe("ok");
    expect(stderr).toBe(`wrote ${page}\n`);
  });
});
