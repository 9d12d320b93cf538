import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { getHeapStatistics } from "node:v8";
import chalk from "chalk";
import { FormatError, type LoadedHistory, readHistory } from "../../check/formats/index.js";
import { withoutBom } from "../../harness/command-line/index.js";
import { findModel, type ShippedModel } from "../../check/models/index.js";
import { type CheckResult, check } from "../../check/search/index.js";
import { decideExit, FAILED_EXIT, OK_EXIT, UNKNOWN_EXIT, USAGE_EXIT } from "../exit-codes.js";
import type { CheckArgs } from "./check-args.js";

/** What one file came to: a check result, or the one-line reason it could not be read. */
type FileOutcome =
  | { file: string; verdict: "error"; error: string }
  | { file: string; verdict: CheckResult<unknown>["verdict"]; format: string; model: ShippedModel; operations: number; result: CheckResult<unknown>; loaded: LoadedHistory };

type Checked = Exclude<FileOutcome, { verdict: "error" }>;

const MiB = 1024 * 1024;

/** Exit status for a verdict; the worst file decides: bad input, then illegal, then unknown. */
const SEVERITY = { error: [3, USAGE_EXIT], illegal: [2, FAILED_EXIT], unknown: [1, UNKNOWN_EXIT], ok: [0, OK_EXIT] } as const;

/**
 * What `kvlab check` does (see checkCommand). It loads only what a run needs: the checker and the
 * file formats, the explanation only for a verdict that has one (or --json, which shows dead ends'
 * states), the run viewer only with --html. The exit status is decided before a verdict is
 * printed, so that the two agree even when the reader stops reading half-way.
 */
export async function runCheck(argv: CheckArgs): Promise<void> {
  const usage = usageProblem(argv);
  if (usage !== undefined) {
    decideExit(USAGE_EXIT);
    process.stderr.write(`kvlab: ${usage}\n`);
    return;
  }
  const outcomes: FileOutcome[] = [];
  let pages: string[] = [];
  let unwritten: string | undefined;
  try {
    for (const file of argv.files) outcomes.push(checkFile(file, argv));
    // The pages are written before any verdict is printed: a page that cannot be written ends the
    // run as bad usage (exit 3) with no verdict printed that the status would contradict.
    if (argv.html !== undefined) {
      try {
        pages = await writePages(outcomes, argv);
      } catch (error) {
        const { code, path } = error as NodeJS.ErrnoException;
        unwritten = `cannot write --html ${argv.html} (${code ?? String(error)}${path !== undefined && path !== argv.html ? ` at ${path}` : ""})`;
      }
    }
    decideExit(unwritten === undefined ? SEVERITY[worstVerdict(outcomes)][1] : USAGE_EXIT);
  } finally {
    // Even when kvlab itself failed, --json prints the files checked before it.
    if (argv.json && unwritten === undefined) process.stdout.write(`${JSON.stringify(await jsonOf(outcomes), null, 2)}\n`);
  }
  if (unwritten !== undefined) {
    process.stderr.write(`kvlab: ${unwritten}\n`);
    return;
  }
  if (!argv.json) {
    for (const outcome of outcomes) {
      if (outcome.verdict === "error") process.stderr.write(`kvlab: ${outcome.error}\n`);
      else process.stdout.write(`${verdictLine(outcome)}\n`);
    }
    const only = outcomes.length === 1 ? outcomes[0]! : undefined;
    if (only !== undefined && only.verdict !== "error" && only.verdict !== "ok") {
      const { explain } = await import("../../check/explain/index.js");
      const { lines, timeText } = only.loaded;
      const text = explain(only.loaded.operations, only.model.model, only.result, { label: (i) => `line ${lines[i]}`, ...(timeText ? { time: timeText } : {}) });
      process.stdout.write(`${text}\n`);
    }
  }
  // With --json, stdout holds exactly the JSON, so the paths go to stderr.
  for (const path of pages) (argv.json ? process.stderr : process.stdout).write(`wrote ${path}\n`);
}

/** The verdict of the worst file (see SEVERITY); ok for none. */
function worstVerdict(outcomes: readonly FileOutcome[]): FileOutcome["verdict"] {
  return outcomes.reduce((w, o) => (SEVERITY[o.verdict][0] > SEVERITY[w][0] ? o.verdict : w), "ok" as FileOutcome["verdict"]);
}

/**
 * Writes a run viewer page for each file that could be read: to `--html` itself for one input
 * file, or into `--html` as a directory, named after each file, for several. Returns the paths.
 */
async function writePages(outcomes: FileOutcome[], argv: CheckArgs): Promise<string[]> {
  const [{ historyView, renderRunView }, { kvlabCommand }] = await Promise.all([
    import("../../check/view/index.js"),
    import("../../harness/command-line/index.js"),
  ]);
  const checked = outcomes.filter((o): o is Checked => o.verdict !== "error");
  const several = argv.files.length > 1;
  mkdirSync(several ? argv.html! : dirname(argv.html!), { recursive: true });
  const taken = new Set<string>();
  return checked.map((outcome) => {
    const path = several ? join(argv.html!, pageName(outcome.file, taken)) : argv.html!;
    const rerun = kvlabCommand(["check", outcome.file, ...(argv.model === undefined ? [] : ["--model", argv.model]), ...(argv.budget === undefined ? [] : ["--budget", argv.budget]), ...(argv.memory === undefined ? [] : ["--memory", argv.memory])]);
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
  // Infinity (1e309) would be no timeout at all, which leaving --timeout out already says.
  if (argv.timeout !== undefined && !(argv.timeout > 0 && Number.isFinite(argv.timeout))) return "--timeout takes a number of seconds > 0";
  if (argv.memory !== undefined) {
    if (!(Number.isSafeInteger(argv.memory) && argv.memory > 0)) return "--memory takes a whole number of MiB > 0";
    // Past the heap, Node would end the process with no verdict at all.
    const heapMiB = Math.floor(getHeapStatistics().heap_size_limit / MiB);
    if (argv.memory > heapMiB) return `--memory ${argv.memory} is more than this Node process's heap of ${heapMiB} MiB: raise it with NODE_OPTIONS=--max-old-space-size=${2 * argv.memory}`;
  }
  return undefined;
}

function checkFile(file: string, argv: CheckArgs): FileOutcome {
  let text: string;
  try {
    text = withoutBom(readFileSync(file, "utf8"));
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
  if (argv.memory !== undefined) options.memory = argv.memory * MiB;
  const result = check(loaded.operations, chosen.model, options) as CheckResult<unknown>;
  return { file, verdict: result.verdict, format: loaded.format, model: chosen, operations: loaded.operations.length, result, loaded };
}

function verdictLine(outcome: Checked): string {
  const { file, result, operations } = outcome;
  const facts = `${operations} operations, ${result.partitions.length} partition${result.partitions.length === 1 ? "" : "s"}, ${result.steps} steps`;
  if (result.verdict === "ok") return `${file}: ${chalk.green("ok")} (${facts})`;
  if (result.verdict === "unknown") return `${file}: ${chalk.yellow("unknown")} (${result.unknownReason} ran out; ${facts})`;
  const where = result.illegalPartition === "" ? "" : `key ${JSON.stringify(result.illegalPartition)}; `;
  return `${file}: ${chalk.red("illegal")} (${where}${facts})`;
}

/**
 * The JSON for the files checked: each result, plus what a reader without the model needs to show
 * it (a visualisation, another tool): every operation with its file line and text, and each dead
 * end's state as text. Operations are numbered by their place in `history`. When the file's times
 * were ranked (one was a number no double holds), an operation's call and return are the file's
 * text of them, as strings, never the ranks.
 */
async function jsonOf(outcomes: readonly FileOutcome[]): Promise<unknown[]> {
  const { stateText } = await import("../../check/explain/index.js");
  return outcomes.map((outcome) => {
    if (outcome.verdict === "error") return outcome;
    const { file, format, model: { name, model }, operations, result, loaded } = outcome;
    const { verdict, partitions, ...rest } = result;
    const time = loaded.timeText;
    const history = loaded.operations.map((op, i) => ({
      ...op,
      ...(time ? { call: time(op.call), ...(op.return === undefined ? {} : { return: time(op.return) }) } : {}),
      line: loaded.lines[i],
      text: model.describeOperation?.(op.input, op.output),
    }));
    const described = partitions.map((p) => ({
      ...p,
      deadEnds: p.deadEnds?.map((d) => ({ ...d, stateText: stateText(model, d.state) })),
    }));
    return { file, verdict, format, model: name, operations, ...rest, partitions: described, history };
  });
}
