// Temporary directories for tests: each is removed after the test, or the file, that made it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach } from "vitest";

const made: string[] = [];
// Registered when a test file first imports this, so it runs after that file's own afterEach
// hooks (vitest runs them as a stack): processes using a directory are stopped before it goes.
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory, removed after the test. */
export function tempDir(prefix = "kvlab-"): string {
  return fresh(made, prefix);
}

const madeForFile: string[] = [];
// A file's shared directory may hold whole npm installs: removing them takes more than vitest's
// default 10 s for a hook.
afterAll(() => {
  for (const dir of madeForFile.splice(0)) rmSync(dir, { recursive: true, force: true });
}, 120_000);

/** A fresh directory that a file's tests share (made in beforeAll), removed after them all. */
export function tempDirForFile(prefix = "kvlab-"): string {
  return fresh(madeForFile, prefix);
}

function fresh(list: string[], prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  list.push(dir);
  return dir;
}
