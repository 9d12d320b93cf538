// `npm run bench`: kvlab's speed figures, each beside its target, in one run.
// `npm run bench -- --json` prints the same figures as one JSON object (keys documented in README.md).
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { benchFuzz } from "./fuzz.js";
import { benchLargestCheck, COURSE_LARGEST_CHECK } from "./largest-check.js";
import { benchLabnet } from "./labnet.js";
import { benchLabnetFloor } from "./labnet-floor.js";
import { benchRareBug } from "./rare-bug.js";
import { benchSuites, COURSE_SECONDS } from "./suites.js";

const options = await yargs(hideBin(process.argv))
  .option("json", { type: "boolean", default: false, describe: "print one JSON object instead of a table" })
  .option("repeats", { type: "number", default: 5, describe: "measured runs per figure (the median is reported)" })
  .strict()
  .parseAsync();

/** What each figure aims at on one core of the reference machine. */
const targets = { sequentialReliable: 1_500_000, clients100Unreliable: 1_000_000, scenariosPerSecond: 200 };

const labnet = await benchLabnet(options.repeats);
const labnetFloor = await benchLabnetFloor(options.repeats);
const fuzz = await benchFuzz();
const suites = await benchSuites(options.repeats);
const rareBug = await benchRareBug();
const largestCheck = await benchLargestCheck(options.repeats);

if (options.json) {
  process.stdout.write(`${JSON.stringify({ labnet, labnetFloor, fuzz, suites, course: COURSE_SECONDS, rareBug, largestCheck, courseLargestCheck: COURSE_LARGEST_CHECK }, null, 2)}\n`);
} else {
  const rows = [
    ["labnet workload", "round trips/s", "target", "ratio", "virtual/wall"],
    ...(["sequentialReliable", "clients100Unreliable"] as const).map((name) => [
      name === "sequentialReliable" ? "1 client, sequential, reliable" : "100 clients, unreliable",
      Math.round(labnet[name].roundTripsPerSecond).toLocaleString("en-US"),
      targets[name].toLocaleString("en-US"),
      `${(labnet[name].roundTripsPerSecond / targets[name]).toFixed(2)}×`,
      `${labnet[name].virtualToWall.toFixed(1)}×`,
    ]),
  ];
  rows.push(["", "", "", "", ""], ["the sequential round trip in a minimal loop", "round trips/s", "target", "ratio", ""]);
  for (const [duties, rate] of Object.entries(labnetFloor)) {
    rows.push([duties, Math.round(rate).toLocaleString("en-US"), targets.sequentialReliable.toLocaleString("en-US"), `${(rate / targets.sequentialReliable).toFixed(2)}×`, ""]);
  }
  rows.push(["", "", "", "", ""], ["fuzz workload", "scenarios/s", "target", "ratio", ""], [
    "10 clients, 200 ops, unreliable, all checks",
    fuzz.scenariosPerSecond.toFixed(0),
    String(targets.scenariosPerSecond),
    `${(fuzz.scenariosPerSecond / targets.scenariosPerSecond).toFixed(2)}×`,
    "",
  ]);
  rows.push(["", "", "", "", ""], ["one seed of every test of a lab", "seeds/core-hour", "course, real time", "ratio", "s/seed", "virtual/wall"]);
  for (const [lab, figures] of Object.entries(suites)) {
    const course = COURSE_SECONDS[lab];
    for (const where of ["inProcess", "perWorker"] as const) {
      const { tests, seedsPerCoreHour, wallSecondsPerSeed, virtualToWall } = figures[where];
      rows.push([
        `${lab}: ${tests} tests, ${where === "inProcess" ? "in process" : "one worker thread"}`,
        Math.round(seedsPerCoreHour).toLocaleString("en-US"),
        course === undefined ? "-" : (3600 / course).toFixed(0),
        course === undefined ? "-" : `${(seedsPerCoreHour / (3600 / course)).toFixed(1)}×`,
        wallSecondsPerSeed.toFixed(2),
        `${virtualToWall.toFixed(0)}×`,
      ]);
    }
  }
  rows.push(["", "", "", "", ""], [`kvraft: the largest history checked, seeds 1-${options.repeats}`, "operations", "course", "checker ms, verdict", "course", "ratio"], [
    `${largestCheck.test}, seed ${largestCheck.seed}`,
    String(largestCheck.operations),
    String(COURSE_LARGEST_CHECK.operations),
    `${largestCheck.checkerMs.toFixed(1)} ${largestCheck.verdict}`,
    `≥${COURSE_LARGEST_CHECK.checkerMs} ${COURSE_LARGEST_CHECK.verdict}`,
    `≥${(COURSE_LARGEST_CHECK.checkerMs / largestCheck.checkerMs).toFixed(1)}×`,
  ]);
  const course = `${(rareBug.courseSeconds / 60).toFixed(0)} min`;
  rows.push(["", "", "", "", ""], ["a bug on ~1 seed in 100", "seeds failed", "course, real time", "ratio", "s"], [
    `${rareBug.test}, ${rareBug.seeds} seeds, ${rareBug.workers} workers`,
    rareBug.failedSeeds.length === 0 ? "none" : rareBug.failedSeeds.join(" "),
    course,
    `${(rareBug.courseSeconds / rareBug.wallSeconds).toFixed(0)}×`,
    rareBug.wallSeconds.toFixed(1),
  ]);
  const columns = Math.max(...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  for (const row of rows) process.stdout.write(`${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ")}\n`);
  process.stdout.write(`${rareBug.example}: ${rareBug.rerun ?? "no seed failed"}\n`);
}
