import type { Operation } from "../history.js";
import { findModel, shippedModels } from "../models/index.js";
import { ShapeError } from "../models/shape.js";
import { FormatError, numberedLines } from "./format-error.js";
import type { LoadedHistory } from "./loaded-history.js";

/** The version of the kvlab history format this reader understands (see docs/history-format.md). */
export const HISTORY_FORMAT_VERSION = 1;

/**
 * Reads kvlab's JSON-lines history: a header line `{"kvlab":"history","version":1,"model":"kv"}`,
 * then one operation per line, `{"client":1,"call":10,"return":25,"input":{...},"output":{...}}`,
 * with `return` and `output` left out for an operation of unknown outcome.
 *
 * @example
 * readKvlabHistory('{"kvlab":"history","version":1,"model":"register"}\n' +
 *   '{"client":0,"call":0,"return":1,"input":{"op":"write","value":1},"output":{}}', "h.jsonl");
 */
export function readKvlabHistory(text: string, file: string): LoadedHistory {
  const lines = numberedLines(text);
  const first = lines[0];
  if (!first) throw new FormatError(file, 0, `expected a header line {"kvlab":"history","version":${HISTORY_FORMAT_VERSION},"model":"kv"}, found an empty file`);
  const header = parseJson(first.text, file, first.line, "a header line");
  if (header.kvlab !== "history") throw new FormatError(file, first.line, `expected a header line with "kvlab":"history"`);
  if (header.version !== HISTORY_FORMAT_VERSION) {
    throw new FormatError(file, first.line, `expected "version":${HISTORY_FORMAT_VERSION} (this kvlab reads version ${HISTORY_FORMAT_VERSION}), found ${JSON.stringify(header.version)}`);
  }
  const modelName = header.model ?? "kv";
  const shipped = typeof modelName === "string" ? findModel(modelName) : undefined;
  if (!shipped) {
    throw new FormatError(file, first.line, `expected "model" to be one of ${shippedModels.map((m) => m.name).join(", ")}, found ${JSON.stringify(modelName)}`);
  }

  const body = lines.slice(1);
  const operations = body.map(({ line, text: t }): Operation<unknown, unknown> => {
    const o = parseJson(t, file, line, "an operation");
    const fail = (problem: string): never => {
      throw new FormatError(file, line, problem);
    };
    if (typeof o.client !== "number" && typeof o.client !== "string") fail('expected "client" to be a number or a string');
    if (typeof o.call !== "number" || !Number.isFinite(o.call)) fail('expected "call" to be a number');
    const op: Operation<unknown, unknown> = { client: o.client as number | string, call: o.call as number, input: undefined };
    try {
      op.input = shipped.readInput(o.input);
      if (o.return === undefined) {
        if (o.output !== undefined) fail('expected "return" with "output" (leave both out for an operation of unknown outcome)');
        return op;
      }
      if (typeof o.return !== "number" || !Number.isFinite(o.return)) fail('expected "return" to be a number');
      if ((o.return as number) < op.call) fail(`expected "return" (${String(o.return)}) to be at or after "call" (${op.call})`);
      if (o.output === undefined) fail('expected "output" with "return" (leave both out for an operation of unknown outcome)');
      op.return = o.return as number;
      op.output = shipped.readOutput(o.output, op.input as never);
      return op;
    } catch (error) {
      if (error instanceof ShapeError) throw new FormatError(file, line, `${error.message} (model ${shipped.name})`);
      throw error;
    }
  });
  return { format: "kvlab", model: shipped.name, operations, lines: body.map((l) => l.line) };
}

function parseJson(text: string, file: string, line: number, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new FormatError(file, line, `expected ${what} as one JSON object, found ${JSON.stringify(text.slice(0, 40))}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new FormatError(file, line, `expected ${what} as one JSON object`);
  }
  return value as Record<string, unknown>;
}
