// The split of kvlab's tests into the fast, mocking and slow projects (vitest.config.ts) leaves no
// test out: slow files are named by a suffix or listed by path, mocking ones found by their
// vi.mock, fast is every other file, so the one way to lose a file is a listed path that no longer
// exists (a file moved without its entry), which would make a slow file silently fast.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import config, { MOCKING_FILES, SLOW_FILES, SLOW_SUFFIXES } from "../vitest.config.js";
import { repo } from "./support/run-cli.js";

interface Project { test: { name: string; include: string[]; exclude?: string[]; isolate?: boolean; maxWorkers?: number; sequence?: { groupOrder?: number } } }
const projects = (config.test?.projects ?? []) as Project[];
const project = (name: string) => projects.find((p) => p.test.name === name)!.test;

describe("vitest.config.ts's fast, mocking and slow projects", () => {
  it("list only test files that exist, each once", () => {
    expect(SLOW_FILES.filter((file) => !existsSync(join(repo, file)))).toEqual([]);
    expect(new Set(SLOW_FILES).size).toBe(SLOW_FILES.length);
    expect(SLOW_FILES.every((file) => file.endsWith(".test.ts") && !file.endsWith(".slow.test.ts") && !file.endsWith(".browser.test.ts"))).toBe(true);
  });

  it("are complements: fast takes every test file and leaves out exactly what mocking and slow include", () => {
    expect(projects.map((p) => p.test.name)).toEqual(["fast", "mocking", "slow"]);
    expect(project("fast").include).toEqual(["tests/**/*.test.ts"]);
    expect(project("slow").include).toEqual([...SLOW_SUFFIXES, ...SLOW_FILES]);
    expect(project("mocking")).toMatchObject({ include: MOCKING_FILES, exclude: project("slow").include });
    expect(project("fast").exclude).toEqual([...project("slow").include, ...MOCKING_FILES]);
  });

  it("can run together: projects with different worker counts are in different groups, as vitest requires", () => {
    const group = (name: string) => project(name).sequence?.groupOrder ?? 0;
    for (const a of projects) {
      for (const b of projects) {
        if (a.test.maxWorkers !== b.test.maxWorkers) expect(group(a.test.name)).not.toBe(group(b.test.name));
      }
    }
  });

  it("share modules between the fast files only: a file that replaces a module with vi.mock runs in mocking, with its own", () => {
    expect(project("fast").isolate).toBe(false);
    expect(project("mocking").isolate).toBeUndefined();
    const files = readdirSync(join(repo, "tests"), { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".test.ts"));
    const mocking = files.filter((file) => /\bvi\.(mock|doMock)\(/.test(readFileSync(join(repo, "tests", file), "utf8"))).map((file) => `tests/${file}`);
    expect(MOCKING_FILES).toEqual(mocking.sort());
    expect(MOCKING_FILES).toContain("tests/real/engine/lock.test.ts");
  });

  it("name slow files by suffixes that exist under tests/", () => {
    const files = readdirSync(join(repo, "tests"), { recursive: true, encoding: "utf8" });
    for (const suffix of SLOW_SUFFIXES.map((glob) => glob.replace("tests/**/*", ""))) {
      expect(files.some((file) => file.endsWith(suffix)), suffix).toBe(true);
    }
  });
});
