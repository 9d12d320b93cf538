// Many processes opening one store at once, over a stale LOCK (its owner was killed): exactly one
// opens, every other fails with one line naming the holder, and none of the winner's acknowledged
// writes is lost. A takeover that read the stale pid and then wrote the file let two open, and the
// second's recovery deleted the first's new segment with its writes.
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { KvsStore } from "../../../src/real/engine/kvs/index.js";
import { tempDir } from "../../support/temp-dir.js";

const RACERS = 8;
/**
 * Rounds, each with a fresh store. The window this race needs is microseconds wide, so a round
 * rarely catches a takeover that is not atomic: lock.test.ts opens it on purpose, every time.
 */
const ROUNDS = 2;
const racer = join(import.meta.dirname, "..", "fixtures", "lock-racer.ts");
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

interface Racer {
  child: ChildProcess;
  /** Each line the racer has written, in turn. */
  next(): Promise<string>;
}

function startRacer(dir: string): Racer {
  const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), racer, dir], { stdio: ["pipe", "pipe", "inherit"] });
  children.push(child);
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return { child, next: async () => (await lines.next()).value ?? "(exited)" };
}

describe("kvs directory lock", () => {
  it.each(Array.from({ length: ROUNDS }, (_, i) => i + 1))(`round %i: ${RACERS} processes opening a store with a stale LOCK at once: exactly one opens, and keeps every write`, async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "LOCK"), "4194305"); // above Linux's largest pid: a killed owner's lock
    const racers = Array.from({ length: RACERS }, () => startRacer(dir));
    for (const racer of racers) expect(await racer.next()).toBe("ready");
    for (const racer of racers) racer.child.stdin!.write("go\n");
    const outcomes = await Promise.all(racers.map((racer) => racer.next()));
    const winners = racers.filter((_, i) => outcomes[i] === "open");
    expect(winners.length, outcomes.join("\n")).toBe(1);
    for (const outcome of outcomes.filter((outcome) => outcome !== "open")) {
      expect(outcome).toMatch(new RegExp(`^refused kvs: ${dir} is in use by process \\d+ \\(if that is no kvs store, remove ${join(dir, "LOCK")}\\)$`));
    }
    const winner = winners[0]!.child;
    const killed = new Promise((resolve) => winner.once("exit", resolve));
    winner.kill("SIGKILL");
    await killed;
    const store = await KvsStore.open({ dir, sync: "none" });
    for (let i = 0; i < 200; i++) expect(await store.get(`${winner.pid}:${i}`)).toEqual({ value: `${i}`, version: 1 });
    await store.close();
  }, 60_000);
});
