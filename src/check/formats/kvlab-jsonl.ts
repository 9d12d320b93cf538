import type { Operation } from "../history.js";
import { findModel, shippedModels } from "../models/index.js";
import { NumberLiteral } from "../models/number-literal.js";
import { ShapeError } from "../models/shape.js";
import { exactLineParser, jsonText, parseJsonExactly } from "./exact-json.js";
import { type FileTime, type KeptTimes, compareTimes, fileTime, rankKeptTimes, timeLiteral } from "./exact-times.js";
import { FormatError, numberedLines } from "./format-error.js";
import type { LoadedHistory } from "./loaded-history.js";

/** The version of the kvlab history format this reader understands (see docs/history-format.md). */
export const HISTORY_FORMAT_VERSION = 1;

/**
 * Reads kvlab's JSON-lines history: a header line `{"kvlab":"history","version":1,"model":"kv"}`,
 * then one operation per line, `{"client":1,"call":10,"return":25,"input":{...},"output":{...}}`,
 * with `return` and `output` left out for an operation of unknown outcome. Numbers are compared
 * exactly: see docs/history-format.md#numbers.
 *
 * @example
 * readKvlabHistory('{"kvlab":"history","version":1,"model":"register"}\n' +
 *   '{"client":0,"call":0,"return":1,"input":{"op":"write","value":1},"output":{}}', "h.jsonl");
 */
export function readKvlabHistory(text: string, file: string): LoadedHistory {
  const lines = numberedLines(text);
  const first = lines[0];
  if (!first) throw new FormatError(file, 0, `expected a header line {"kvlab":"history","version":${HISTORY_FORMAT_VERSION},"model":"kv"}, found an empty file`);
  const header = parseJson(parseJsonExactly, first.text, file, first.line, "a header line");
  if (header.kvlab !== "history") throw new FormatError(file, first.line, `expected a header line with "kvlab":"history"`);
  if (header.version !== HISTORY_FORMAT_VERSION) {
    throw new FormatError(file, first.line, `expected "version":${HISTORY_FORMAT_VERSION} (this kvlab reads version ${HISTORY_FORMAT_VERSION}), found ${jsonText(header.version)}`);
  }
  const modelName = header.model ?? "kv";
  const shipped = typeof modelName === "string" ? findModel(modelName) : undefined;
  if (!shipped) {
    throw new FormatError(file, first.line, `expected "model" to be one of ${shippedModels.map((m) => m.name).join(", ")}, found ${jsonText(modelName)}`);
  }

  const body = lines.slice(1);
  // The times no double holds, by operation (whose times are placeholders until ranked).
  const kept: KeptTimes = new Map();
  const parse = exactLineParser();
  const operations = body.map(({ line, text: t }): Operation<unknown, unknown> => {
    const o = parseJson(parse, t, file, line, "an operation");
    const fail = (problem: string): never => {
      throw new FormatError(file, line, problem);
    };
    // A client is only shown: one no double holds is kept as its digits.
    const client = o.client instanceof NumberLiteral ? o.client.value : o.client;
    if (typeof client !== "number" && typeof client !== "string") fail('expected "client" to be a number or a string');
    const call = time(o, "call", file, line);
    const op: Operation<unknown, unknown> = { client: client as number | string, call: typeof call === "number" ? call : NaN, input: undefined };
    if (typeof call !== "number") kept.set(op, { call });
    try {
      op.input = shipped.readInput(o.input);
      if (o.return === undefined) {
        if (o.output !== undefined) fail('expected "return" with "output" (leave both out for an operation of unknown outcome)');
        return op;
      }
      const ret = time(o, "return", file, line);
      if (compareTimes(ret, call) < 0) fail(`expected "return" (${timeLiteral(ret)}) to be at or after "call" (${timeLiteral(call)})`);
      if (o.output === undefined) fail('expected "output" with "return" (leave both out for an operation of unknown outcome)');
      op.return = typeof ret === "number" ? ret : NaN;
      if (typeof ret !== "number") kept.set(op, { ...kept.get(op), return: ret });
      op.output = shipped.readOutput(o.output, op.input as never);
      return op;
    } catch (error) {
      if (error instanceof ShapeError) throw new FormatError(file, line, `${error.message} (model ${shipped.name})`);
      throw error;
    }
  });
  const loaded: LoadedHistory = { format: "kvlab", model: shipped.name, operations, lines: body.map((l) => l.line) };
  const timeText = rankKeptTimes(operations, kept);
  return timeText === undefined ? loaded : { ...loaded, timeText };
}

function time(o: Record<string, unknown>, field: "call" | "return", file: string, line: number): FileTime {
  const read = fileTime(o[field]);
  if (typeof read === "string") throw new FormatError(file, line, `expected "${field}" ${read}`);
  return read;
}

function parseJson(parse: (text: string) => unknown, text: string, file: string, line: number, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    // A reader's stack overflow: the line is JSON, but nested deeper than any history needs.
    if (error instanceof RangeError) throw new FormatError(file, line, `expected ${what} as one JSON object, found one nested too deeply to read`);
    throw new FormatError(file, line, `expected ${what} as one JSON object, found ${JSON.stringify(text.slice(0, 40))}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value) || value instanceof NumberLiteral) {
    throw new FormatError(file, line, `expected ${what} as one JSON object`);
  }
  return value as Record<string, unknown>;
}
