import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import chalk from "chalk";
import type { CommandModule } from "yargs";
import {
  type CheckResult,
  FORMAT_NAMES,
  FormatError,
  type LoadedHistory,
  check,
  explain,
  findModel,
  readHistory,
  shippedModels,
  stateText,
  type ShippedModel,
} from "../../check/index.js";
import { historyView } from "../../lab/forensics/history-view.js";
import { renderRunView } from "../../lab/forensics/render-run-view.js";
import { FAILED_EXIT, OK_EXIT, UNKNOWN_EXIT, USAGE_EXIT } from "../exit-codes.js";
import { kvlabCommand } from "../../lab/kvlab-command.js";

interface CheckArgs {
  files: string[];
  format: (typeof FORMAT_NAMES)[number];
  model?: string;
  budget?: number;
  timeout?: number;
  json: boolean;
  html?: string;
}

/** What one file came to: a check result, or the one-line reason it could not be read. */
type FileOutcome =
  | { file: string; verdict: "error"; error: string }
  | { file: string; verdict: CheckResult<unknown>["verdict"]; format: string; model: ShippedModel; operations: number; result: CheckResult<unknown>; loaded: LoadedHistory };

/** Exit status for a verdict; the worst file decides: bad input, then illegal, then unknown. */
const SEVERITY = { error: [3, USAGE_EXIT], illegal: [2, FAILED_EXIT], unknown: [1, UNKNOWN_EXIT], ok: [0, OK_EXIT] } as const;

/**
 * `kvlab check FILE...`: checks each history file for linearizability and prints a verdict line
 * per file (and, for a single file, an explanation); exit status 0 ok, 1 illegal, 2 unknown,
 * 3 bad input or usage, for the worst file.
 */
export const checkCommand: CommandModule<object, CheckArgs> = {
  command: "check <files..>",
  describe: "Check history files for linearizability",
  builder: (yargs) =>
    yargs
      .positional("files", { type: "string", array: true, demandOption: true, describe: "history files" })
      .option("format", { choices: FORMAT_NAMES, default: "auto" as const, describe: "history format (auto: tell from the first line)" })
      .option("model", { type: "string", choices: shippedModels.map((m) => m.name), describe: "model (default: the one the format implies)" })
      .option("budget", { type: "number", describe: "search steps before giving up with unknown (deterministic)" })
      .option("timeout", { type: "number", describe: "seconds before giving up with unknown" })
      .option("json", { type: "boolean", default: false, describe: "print the full results as JSON" })
      .option("html", { type: "string", describe: "write the run viewer page to this file (several files: one page each in this directory)" })
      .example("kvlab check tests/check/fixtures/good/kv-concurrent.jsonl", "check one history: ok, illegal (explained) or unknown")
      .example("kvlab check tests/check/fixtures/good/kv-stale-read.jsonl tests/check/fixtures/good/etcd-nemesis.log", "several histories, one line each") as never,
  handler(argv) {
    const usage = usageProblem(argv);
    if (usage !== undefined) {
      process.stderr.write(`kvlab: ${usage}\n`);
      process.exitCode = USAGE_EXIT;
      return;
    }
    const outcomes: FileOutcome[] = [];
    try {
      for (const file of argv.files) outcomes.push(checkFile(file, argv));
    } finally {
      // Even when kvlab itself failed, --json prints the files checked before it.
      if (argv.json) process.stdout.write(`${JSON.stringify(outcomes.map(toJson), null, 2)}\n`);
    }
    if (!argv.json) {
      for (const outcome of outcomes) {
        if (outcome.verdict === "error") process.stderr.write(`kvlab: ${outcome.error}\n`);
        else process.stdout.write(`${verdictLine(outcome)}\n`);
      }
      const only = outcomes.length === 1 ? outcomes[0]! : undefined;
      if (only !== undefined && only.verdict !== "error" && only.verdict !== "ok") {
        const text = explain(only.loaded.operations, only.model.model, only.result, { label: (i) => `line ${only.loaded.lines[i]}` });
        process.stdout.write(`${text}\n`);
      }
    }
    if (argv.html !== undefined) {
      // With --json, stdout holds exactly the JSON, so the paths go to stderr.
      const out = argv.json ? process.stderr : process.stdout;
      try {
        for (const path of writePages(outcomes, argv)) out.write(`wrote ${path}\n`);
      } catch (error) {
        process.stderr.write(`kvlab: cannot write ${(error as NodeJS.ErrnoException).path ?? argv.html} (${(error as NodeJS.ErrnoException).code ?? String(error)})\n`);
        process.exitCode = USAGE_EXIT;
        return;
      }
    }
    const worst = outcomes.reduce((w, o) => (SEVERITY[o.verdict][0] > SEVERITY[w][0] ? o.verdict : w), "ok" as FileOutcome["verdict"]);
    process.exitCode = SEVERITY[worst][1];
  },
};

/**
 * Writes a run viewer page for each file that could be read: to `--html` itself for one input
 * file, or into `--html` as a directory, named after each file, for several. Returns the paths.
 */
function writePages(outcomes: FileOutcome[], argv: CheckArgs): string[] {
  const checked = outcomes.filter((o): o is Exclude<FileOutcome, { verdict: "error" }> => o.verdict !== "error");
  const several = argv.files.length > 1;
  mkdirSync(several ? argv.html! : dirname(argv.html!), { recursive: true });
  const taken = new Set<string>();
  return checked.map((outcome) => {
    const path = several ? join(argv.html!, pageName(outcome.file, taken)) : argv.html!;
    const rerun = kvlabCommand(["check", outcome.file, ...(argv.model === undefined ? [] : ["--model", argv.model]), ...(argv.budget === undefined ? [] : ["--budget", argv.budget])]);
    const view = historyView({ file: outcome.file, loaded: outcome.loaded, model: outcome.model.model, result: outcome.result, rerun });
    writeFileSync(path, renderRunView(view));
    return path;
  });
}

/** `run.jsonl` → `run.html`; a second `run.jsonl` from another folder → `run-2.html`. */
function pageName(file: string, taken: Set<string>): string {
  const stem = basename(file, extname(file));
  let name = `${stem}.html`;
  for (let n = 2; taken.has(name); n++) name = `${stem}-${n}.html`;
  taken.add(name);
  return name;
}

function usageProblem(argv: CheckArgs): string | undefined {
  if (argv.budget !== undefined && !(Number.isSafeInteger(argv.budget) && argv.budget >= 0)) return "--budget takes a whole number of steps";
  if (argv.timeout !== undefined && !(argv.timeout > 0)) return "--timeout takes a number of seconds > 0";
  return undefined;
}

function checkFile(file: string, argv: CheckArgs): FileOutcome {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return { file, verdict: "error", error: `${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
  let loaded: LoadedHistory;
  try {
    loaded = readHistory(text, file, argv.format);
  } catch (error) {
    if (error instanceof FormatError) return { file, verdict: "error", error: error.message };
    throw error;
  }
  const written = findModel(loaded.model)!;
  const chosen = findModel(argv.model ?? loaded.model)!;
  if (chosen.readInput !== written.readInput) {
    return { file, verdict: "error", error: `${file}: expected operations for model ${chosen.name}, but this ${loaded.format} history is written for ${written.name}` };
  }
  const options: Parameters<typeof check>[2] = {};
  if (argv.budget !== undefined) options.steps = argv.budget;
  if (argv.timeout !== undefined) options.timeoutMs = argv.timeout * 1000;
  const result = check(loaded.operations, chosen.model, options) as CheckResult<unknown>;
  return { file, verdict: result.verdict, format: loaded.format, model: chosen, operations: loaded.operations.length, result, loaded };
}

function verdictLine(outcome: Exclude<FileOutcome, { verdict: "error" }>): string {
  const { file, result, operations } = outcome;
  const facts = `${operations} operations, ${result.partitions.length} partition${result.partitions.length === 1 ? "" : "s"}, ${result.steps} steps`;
  if (result.verdict === "ok") return `${file}: ${chalk.green("ok")} (${facts})`;
  if (result.verdict === "unknown") return `${file}: ${chalk.yellow("unknown")} (${result.unknownReason} ran out; ${facts})`;
  const where = result.illegalPartition === "" ? "" : `key ${JSON.stringify(result.illegalPartition)}; `;
  return `${file}: ${chalk.red("illegal")} (${where}${facts})`;
}

/**
 * The JSON for one file: the result, plus what a reader without the model needs to show it (a
 * visualisation, another tool): every operation with its file line and text, and each dead end's
 * state as text. Operations are numbered by their place in `history`.
 */
function toJson(outcome: FileOutcome): unknown {
  if (outcome.verdict === "error") return outcome;
  const { file, format, model: { name, model }, operations, result, loaded } = outcome;
  const { verdict, partitions, ...rest } = result;
  const history = loaded.operations.map((op, i) => ({
    ...op,
    line: loaded.lines[i],
    text: model.describeOperation?.(op.input, op.output),
  }));
  const described = partitions.map((p) => ({
    ...p,
    deadEnds: p.deadEnds?.map((d) => ({ ...d, stateText: stateText(model, d.state) })),
  }));
  return { file, verdict, format, model: name, operations, ...rest, partitions: described, history };
}
