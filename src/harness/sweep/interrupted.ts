import type { Run } from "../lab.js";

/**
 * The line a stopped sweep ends with: how far it got, and every run it did not finish, in one line
 * however many: "interrupted after 12 of 40 runs; not run: TestA seeds 13–20, TestB seeds 1–20".
 * `finished` runs are the sweep's first (runSweep reports a prefix). Each test's seeds are written
 * as ranges: a shard's seeds of one test are every Nth, written "3–99 every 3rd".
 */
export function interruptedLine(runs: readonly Pick<Run, "definition" | "seed">[], finished: number): string {
  const unrun = new Map<string, number[]>();
  for (const run of runs.slice(finished)) {
    const seeds = unrun.get(run.definition.name);
    if (seeds === undefined) unrun.set(run.definition.name, [run.seed]);
    else seeds.push(run.seed);
  }
  const tests = [...unrun].map(([test, seeds]) => `${test} seed${seeds.length > 1 ? "s" : ""} ${seedRanges(seeds)}`);
  return `interrupted after ${finished} of ${runs.length} runs${tests.length > 0 ? `; not run: ${tests.join(", ")}` : ""}`;
}

/** Seeds in order as runs of equal steps: [1,2,3,7] → "1–3, 7"; [3,6,9,12] → "3–12 every 3rd". */
function seedRanges(seeds: readonly number[]): string {
  const parts: string[] = [];
  for (let start = 0; start < seeds.length; ) {
    const step = (seeds[start + 1] ?? 0) - seeds[start]!;
    let end = start;
    while (seeds.length > end + 1 && seeds[end + 1]! - seeds[end]! === step) end++;
    // Two seeds are only a range when a third joins them, or they are neighbours.
    if (end === start || (end === start + 1 && step !== 1)) {
      parts.push(String(seeds[start]));
      start++;
      continue;
    }
    parts.push(`${seeds[start]}–${seeds[end]}${step === 1 ? "" : ` every ${ordinal(step)}`}`);
    start = end + 1;
  }
  return parts.join(", ");
}

const ordinals = new Intl.PluralRules("en-US", { type: "ordinal" });
const suffixes: Partial<Record<Intl.LDMLPluralRule, string>> = { one: "st", two: "nd", few: "rd" };

/** 2 → "2nd", 3 → "3rd", 11 → "11th". */
function ordinal(n: number): string {
  return `${n}${suffixes[ordinals.select(n)] ?? "th"}`;
}
