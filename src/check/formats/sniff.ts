import { FormatError, numberedLines } from "./format-error.js";
import type { FormatName, LoadedHistory } from "./loaded-history.js";
import { readJepsenEtcd } from "./jepsen-etcd.js";
import { readKvlabHistory } from "./kvlab-jsonl.js";
import { readPorcupineKv } from "./porcupine-kv.js";


/**
 * The names `--format` accepts: a format, or "auto" to tell from the first line.
 *
 * @example
 * readHistory(text, file, FORMAT_NAMES[0]); // "auto"
 */
export const FORMAT_NAMES = ["auto", "kvlab", "porcupine-kv", "jepsen-etcd"] as const;

/**
 * Which format a history file is in, from its first non-blank line: a JSON object is kvlab's, an
 * EDN map (`{:process ...`) Porcupine's kv log, an `INFO jepsen.util` line a Jepsen etcd log.
 *
 * @example
 * sniffFormat('{:process 0, :type :invoke, ...}', "c01.txt"); // "porcupine-kv"
 */
export function sniffFormat(text: string, file: string): FormatName {
  const first = numberedLines(text)[0];
  if (!first) throw new FormatError(file, 0, "expected a history, found an empty file");
  const t = first.text.trim();
  if (t.startsWith("{:")) return "porcupine-kv";
  if (t.startsWith("{")) return "kvlab";
  if (/^INFO\s+jepsen\.util\b/.test(t)) return "jepsen-etcd";
  throw new FormatError(
    file,
    first.line,
    "expected a kvlab header ({\"kvlab\":\"history\",...}), a Porcupine kv EDN map ({:process ...}) or a Jepsen log line (INFO  jepsen.util - ...); name the format with --format",
  );
}

/**
 * Reads a history file's text in `format` ("auto" sniffs it). Throws a FormatError naming the
 * file and line and what was expected.
 *
 * @example
 * const { operations, model } = readHistory(text, "run.jsonl");
 * check(operations, findModel(model)!.model);
 */
export function readHistory(text: string, file: string, format: (typeof FORMAT_NAMES)[number] = "auto"): LoadedHistory {
  const chosen = format === "auto" ? sniffFormat(text, file) : format;
  switch (chosen) {
    case "kvlab":
      return readKvlabHistory(text, file);
    case "porcupine-kv":
      return readPorcupineKv(text, file);
    case "jepsen-etcd":
      return readJepsenEtcd(text, file);
  }
}
