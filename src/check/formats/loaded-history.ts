import type { Operation } from "../history.js";

/**
 * The history file formats kvlab reads.
 *
 * @example
 * const format: FormatName = sniffFormat(text, "run.log"); // e.g. "jepsen-etcd"
 */
export type FormatName = "kvlab" | "porcupine-kv" | "jepsen-etcd";

/**
 * A history read from a file: its format, the name of the shipped model its operations are
 * written for, the operations (inputs and outputs of that model's types), and for each operation
 * the file line of its call, so that explanations can point into the file.
 *
 * @example
 * const { operations, model, lines } = readHistory(text, "run.jsonl");
 * explain(operations, findModel(model)!.model, check(operations, findModel(model)!.model), { label: (i) => `line ${lines[i]}` });
 */
export interface LoadedHistory {
  format: FormatName;
  model: string;
  operations: Operation<unknown, unknown>[];
  lines: number[];
}
