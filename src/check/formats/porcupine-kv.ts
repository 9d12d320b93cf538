import type { AppendKvInput, AppendKvOutput } from "../models/porcupine-kv.js";
import { FormatError, numberedLines } from "./format-error.js";
import type { LoadedHistory } from "./loaded-history.js";
import { ProcessLog, logInteger } from "./processes.js";

const LINE = /^\{:process (\d+), :type :(invoke|ok|fail|info), :f :(get|put|append), :key "((?:[^"\\]|\\.)*)", :value (nil|"(?:[^"\\]|\\.)*")\}$/;
const EXPECTED = 'expected an EDN map like {:process 0, :type :invoke, :f :get, :key "k", :value nil} (:type one of :invoke, :ok, :fail, :info; :f one of :get, :put, :append)';

/**
 * Reads Porcupine's kv test log: one EDN map per line, an `:invoke` then the same process's
 * `:ok` (or `:fail`: it did not happen; or `:info`: unknown outcome). The model is porcupine-kv.
 *
 * @example
 * readPorcupineKv('{:process 0, :type :invoke, :f :get, :key "k", :value nil}\n' +
 *   '{:process 0, :type :ok, :f :get, :key "k", :value ""}', "c01.txt");
 */
export function readPorcupineKv(text: string, file: string): LoadedHistory {
  const log = new ProcessLog<AppendKvInput, AppendKvOutput>(file);
  for (const { line, text: t } of numberedLines(text)) {
    const m = LINE.exec(t.trim());
    if (!m) throw new FormatError(file, line, EXPECTED);
    const [, proc, type, f, rawKey, rawValue] = m as unknown as [string, string, string, AppendKvInput["op"], string, string];
    const process = logInteger(proc, file, line, "a process");
    const key = unquote(rawKey);
    const value = rawValue === "nil" ? undefined : unquote(rawValue.slice(1, -1));
    if (type === "invoke") {
      if (f !== "get" && value === undefined) throw new FormatError(file, line, `expected a string :value for :${f}`);
      log.invoke(process, line, f === "get" ? { op: f, key } : { op: f, key, value: value ?? "" });
    } else if (type === "info") log.abandon(process, line);
    else {
      log.complete(process, line, type, (input) => {
        if (input.op !== f || input.key !== key) {
          throw new FormatError(file, line, `expected :f :${input.op} and :key ${JSON.stringify(input.key)} as invoked by process ${process}`);
        }
        if (type === "fail") return "drop";
        return { output: f === "get" ? { value: value ?? "" } : {} };
      });
    }
  }
  return { format: "porcupine-kv", model: "porcupine-kv", ...log.history() };
}

function unquote(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c === "t" ? "\t" : c));
}
