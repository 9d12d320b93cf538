import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { kvLab, reference, type KVImplementation } from "../../labs/kv/index.js";
import { loadImplementation } from "../load/load-implementation.js";
import { ScenarioError, parseScenario, type Scenario } from "../../labs/kv/scenario/schema.js";

/** A scenario read from disk, with what it needs resolved relative to its file. */
export interface ScenarioFile {
  path: string;
  /** The file's base name without .json: the scenario's name in reports. */
  name: string;
  scenario: Scenario;
}

/** Reads and validates a scenario file; every problem is a ScenarioError naming file, place and field. */
export function readScenario(path: string): ScenarioFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ScenarioError(`${path}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(`${path}:${jsonErrorPlace(text, error as Error)}: not valid JSON: ${(error as Error).message.replace(/ in JSON at position \d+.*$/, "")}`);
  }
  return { path, name: basename(path).replace(/\.json$/, ""), scenario: parseScenario(json, path) };
}

/** "line:column" of a JSON.parse error, from the position it reports. */
function jsonErrorPlace(text: string, error: Error): string {
  const position = /position (\d+)/.exec(error.message);
  if (!position) return "1:1";
  const before = text.slice(0, Number(position[1]));
  const line = before.split("\n").length;
  return `${line}:${before.length - before.lastIndexOf("\n")}`;
}

/** The scenario's implementation: the reference, a path relative to the file, or an override. */
export async function scenarioImplementation(file: ScenarioFile, override?: string): Promise<KVImplementation> {
  if (override !== undefined) return loadImplementation(kvLab, override);
  const spec = file.scenario.implementation;
  return spec === "reference" ? reference : loadImplementation(kvLab, resolve(dirname(file.path), spec));
}

/** The expected trace lines, when the scenario names a trace file that exists. */
export function expectedTrace(file: ScenarioFile): string[] | undefined {
  const traceFile = file.scenario.expect?.traceFile;
  if (traceFile === undefined) return undefined;
  const path = resolve(dirname(file.path), traceFile);
  return existsSync(path) ? readFileSync(path, "utf8").split("\n").filter((line) => line.length > 0) : undefined;
}

/** Writes a scenario as pretty JSON (the form humans edit and diffs read). */
export function writeScenario(path: string, scenario: Scenario): void {
  writeFileSync(path, `${JSON.stringify(scenario, null, 2)}\n`);
}
