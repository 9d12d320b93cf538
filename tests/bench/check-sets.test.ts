import { cpSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { tempDir } from "../support/temp-dir.js";

/** check-sets.ts reads its cache folder from the environment when loaded: load it afresh with one. */
async function load(cache: string) {
  vi.stubEnv("KVLAB_BENCH_CACHE", cache);
  vi.resetModules();
  return import("../../bench/check-sets.js");
}

afterEach(() => vi.unstubAllEnvs());

describe("generatedAnchors", () => {
  it("reads the anchor rows by file, skipping comments, with undecided rows' outcome and no figures", async () => {
    const { generatedAnchors } = await load(tempDir());
    const text = [
      "# how it was measured",
      "file\tops\tverdict\tp1_wall_ms\tmin_ms\tmax_ms\tp1_cpu_ms\tprocess_ms\tmaxrss_mb\toutcome\tsha256",
      "a.txt\t15\tOk\t0.081\t0.079\t0.094\t0.083\t3.8\t20\tdecided\t0123456789abcdef",
      "b.txt\t\t\t\t\t\t\t\t\tout of memory (8G address space) after 37 s\tfedcba9876543210",
      "",
    ].join("\n");
    const anchors = generatedAnchors(text);
    expect(anchors.get("a.txt")).toEqual({ figure: { outcome: "decided", verdict: "ok", wallMs: 0.081, cpuMs: 0.083, processMs: 3.8 }, sha256: "0123456789abcdef" });
    expect(anchors.get("b.txt")).toEqual({ figure: { outcome: "out of memory (8G address space) after 37 s", verdict: undefined, wallMs: undefined, cpuMs: undefined, processMs: undefined }, sha256: "fedcba9876543210" });
  });
});

describe("generatedSets", () => {
  it("writes each history once into the cache, each its own set, with its expected verdict", async () => {
    const cache = tempDir();
    const { generatedSets, generatorDigest } = await load(cache);
    const warn = vi.fn();
    const first = generatedSets("kvlab", ["size-1k-bad", "unknown-15-u2"], warn);
    expect(first.map((f) => [f.set, f.name, f.expected])).toEqual([["size-1k-bad", "size-1k-bad.txt", "illegal"], ["unknown-15-u2", "unknown-15-u2.txt", "ok"]]);
    expect(first[0]!.path).toBe(join(cache, "generated", "kvlab", generatorDigest(), "size-1k-bad.txt"));
    const written = statSync(first[0]!.path).mtimeMs;
    generatedSets("kvlab", ["size-1k-bad"], warn);
    expect(statSync(first[0]!.path).mtimeMs).toBe(written);
    expect(warn).not.toHaveBeenCalled();
  });

  it("keeps Porcupine's figure only for the very bytes it was measured on", async () => {
    const { generatedSets, generatedAnchorFile, generatedAnchors, digest } = await load(tempDir());
    const anchors = generatedAnchors(readFileSync(generatedAnchorFile, "utf8"));
    const [same] = generatedSets("kvlab", ["unknown-15-u3"], () => {});
    expect(digest(same!.path)).toBe(anchors.get("unknown-15-u3.txt")!.sha256);
    expect(same!.porcupine).toEqual(anchors.get("unknown-15-u3.txt")!.figure);
    const warn = vi.fn();
    const [other] = generatedSets("another-seed", ["unknown-15-u3"], warn);
    expect(other!.porcupine).toBeUndefined();
    expect(warn).toHaveBeenCalledWith("unknown-15-u3.txt: not the bytes Porcupine's anchor was measured on (seed another-seed?); shown without Porcupine's figure");
  });
});

describe("generatorDigest", () => {
  /** A copy of the generator's folder, to change. */
  async function copy() {
    const { generatorDir } = await load(tempDir());
    const dir = tempDir();
    cpSync(generatorDir, dir, { recursive: true });
    return dir;
  }

  it("changes with any TypeScript file of the generator, its name or its bytes, but not with the timings file", async () => {
    const { generatorDigest } = await load(tempDir());
    const dir = await copy();
    const before = generatorDigest(dir);
    expect(before).toBe(generatorDigest());
    expect(before).toMatch(/^[0-9a-f]{16}$/);
    writeFileSync(join(dir, "porcupine-timings.tsv"), "changed\n");
    expect(generatorDigest(dir)).toBe(before);
    writeFileSync(join(dir, "simulate.ts"), readFileSync(join(dir, "simulate.ts"), "utf8").replace("seedrandom", "seedrandom "));
    const edited = generatorDigest(dir);
    expect(edited).not.toBe(before);
    writeFileSync(join(dir, "helper.ts"), "");
    expect(generatorDigest(dir)).not.toBe(edited);
  });

  it("keys the cache: histories a different generator cached are not reused, even with the anchor's very bytes", async () => {
    const cache = tempDir();
    const { generatedSets, generatorDigest } = await load(cache);
    // What an older generator left: under the folder of its own digest, and where the cache once
    // kept histories by seed alone. Neither is the bytes today's generator writes.
    for (const old of [join(cache, "generated", "kvlab", "0000000000000000"), join(cache, "generated", "kvlab")]) {
      mkdirSync(old, { recursive: true });
      writeFileSync(join(old, "unknown-15-u3.txt"), "stale\n");
    }
    const [file] = generatedSets("kvlab", ["unknown-15-u3"], () => {});
    expect(file!.path).toBe(join(cache, "generated", "kvlab", generatorDigest(), "unknown-15-u3.txt"));
    expect(readFileSync(file!.path, "utf8")).toMatch(/^\{:process/);
    expect(file!.porcupine?.outcome).toBe("decided");
  });
});

describe("anchorSets", () => {
  it("unpacks Porcupine's kv and etcd histories with an expected verdict, each with its recorded time", async () => {
    const { anchorSets } = await load(tempDir());
    const files = anchorSets();
    expect(files.filter((f) => f.set === "kv").length).toBe(6);
    expect(files.filter((f) => f.set === "etcd").length).toBe(102);
    const c01 = files.find((f) => f.name === "kv/c01-ok.txt")!;
    expect(readFileSync(c01.path, "utf8")).toMatch(/^\{:process \d+, :type :invoke/);
    expect(c01.expected).toBe("ok");
  });
});
