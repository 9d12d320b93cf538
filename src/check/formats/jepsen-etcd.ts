import type { CasInput, CasOutput } from "../models/cas-register.js";
import type { ExactInteger } from "../models/exact-integer.js";
import { FormatError, numberedLines } from "./format-error.js";
import type { LoadedHistory } from "./loaded-history.js";
import { ProcessLog, logInteger } from "./processes.js";

const LINE = /^INFO\s+jepsen\.util\s+-\s+(\d+)\s+:(invoke|ok|fail|info)\s+:(read|write|cas)\s+(nil|-?\d+|\[-?\d+ -?\d+\]|:timed-out)$/;
/** The fault injector's lines (`:nemesis :info :start nil`) are not client operations. */
const NEMESIS = /^INFO\s+jepsen\.util\s+-\s+:nemesis\s/;
const EXPECTED =
  "expected a Jepsen log line like 'INFO  jepsen.util - 3\t:invoke\t:cas\t[1 4]' (:invoke, :ok, :fail or :info; :read, :write or :cas; a value nil, N, [N M] or :timed-out)";

/**
 * Reads a Jepsen etcd log (the compare-and-set register test). `:ok` and `:fail` complete an
 * operation (a failed cas did not swap; a failed read or write did not happen); `:info` leaves it
 * of unknown outcome, as does the end of the log. The nemesis's lines are skipped. The model is
 * cas-register. Processes and values are integers of any size, compared exactly.
 *
 * @example
 * readJepsenEtcd("INFO  jepsen.util - 0\t:invoke\t:write\t3\nINFO  jepsen.util - 0\t:ok\t:write\t3", "etcd.log");
 */
export function readJepsenEtcd(text: string, file: string): LoadedHistory {
  const log = new ProcessLog<CasInput, CasOutput>(file);
  for (const { line, text: t } of numberedLines(text)) {
    if (NEMESIS.test(t.trim())) continue;
    const m = LINE.exec(t.trim());
    if (!m) throw new FormatError(file, line, EXPECTED);
    const [, proc, type, f, value] = m as unknown as [string, string, string, CasInput["op"], string];
    const process = logInteger(proc, file, line, "a process");
    if (type === "invoke") log.invoke(process, line, invocation(f, value, file, line));
    else if (type === "info") log.abandon(process, line);
    else {
      log.complete(process, line, type, (input) => {
        if (input.op !== f) throw new FormatError(file, line, `expected :${input.op} as invoked by process ${process}`);
        if (type === "ok") return { output: f === "read" ? { value: number(value, file, line) } : f === "cas" ? { ok: true } : {} };
        if (f === "cas") return { output: { ok: false } };
        return f === "read" ? { output: { failed: true } } : "drop";
      });
    }
  }
  return { format: "jepsen-etcd", model: "cas-register", ...log.history() };
}

function invocation(f: CasInput["op"], value: string, file: string, line: number): CasInput {
  if (f === "read") return { op: f };
  if (f === "write") {
    const v = number(value, file, line);
    if (v === null) throw new FormatError(file, line, "expected a number to write");
    return { op: f, value: v };
  }
  const pair = /^\[(-?\d+) (-?\d+)\]$/.exec(value);
  if (!pair) throw new FormatError(file, line, "expected a cas value [FROM TO]");
  return { op: f, from: logInteger(pair[1]!, file, line, "a value"), to: logInteger(pair[2]!, file, line, "a value") };
}

function number(value: string, file: string, line: number): ExactInteger | null {
  if (value === "nil") return null;
  if (!/^-?\d+$/.test(value)) throw new FormatError(file, line, `expected nil or a number, found ${value}`);
  return logInteger(value, file, line, "a value");
}
