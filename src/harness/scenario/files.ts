import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import type { Lab, ScenarioEnvelope } from "../lab.js";
import { ImplementationError } from "../load/load-implementation.js";
import { loadRunImplementation } from "../load/run-implementation.js";
import { DEFAULT_LAB } from "../command-line/default-lab.js";
import { withoutBom } from "../command-line/without-bom.js";
import { labScenarios } from "./lab-scenarios.js";
import { ScenarioError } from "./scenario-error.js";

/** A scenario read from disk, with what it needs resolved relative to its file. */
export interface ScenarioFile<Scenario extends ScenarioEnvelope = ScenarioEnvelope> {
  path: string;
  /** The file's base name without .json: the scenario's name in reports. */
  name: string;
  scenario: Scenario;
}

/** A scenario file's JSON before any lab has looked at it, and the name of the lab it is for. */
export interface ScenarioJson {
  path: string;
  json: unknown;
  /** The file's `lab` field, or the default lab when it has none. */
  lab: string;
}

/**
 * Reads a scenario file as JSON and picks its lab from the `lab` field every scenario shares
 * (default "kv"); every problem is a ScenarioError naming file, place and field.
 */
export function readScenarioJson(path: string): ScenarioJson {
  let text: string;
  try {
    text = withoutBom(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ScenarioError(`${path}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(`${path}:${jsonErrorPlace(text, error as Error)}: not valid JSON: ${(error as Error).message.replace(/ in JSON at position \d+.*$/, "")}`);
  }
  // Anything but an object is left to the lab's parse, which says what the file should hold.
  const lab = typeof json === "object" && json !== null && !Array.isArray(json) && "lab" in json ? json.lab : DEFAULT_LAB;
  if (typeof lab !== "string" || lab.length === 0) throw new ScenarioError(`${path}: lab: expected the name of a lab, got ${JSON.stringify(lab)}`);
  return { path, json, lab };
}

/** "line:column" of a JSON.parse error, from the position it reports. */
function jsonErrorPlace(text: string, error: Error): string {
  const position = /position (\d+)/.exec(error.message);
  if (!position) return "1:1";
  const before = text.slice(0, Number(position[1]));
  const line = before.split("\n").length;
  return `${line}:${before.length - before.lastIndexOf("\n")}`;
}

/** The JSON of a scenario file as `lab`'s scenario; a file for another lab is a ScenarioError. */
export function parseScenarioJson(lab: Lab, read: ScenarioJson): ScenarioFile {
  if (read.lab !== lab.name) throw new ScenarioError(`${read.path}: lab: the file is for the ${read.lab} lab, not the ${lab.name} lab`);
  return { path: read.path, name: basename(read.path).replace(/\.json$/, ""), scenario: labScenarios(lab, read.path).parse(read.json, read.path) };
}

/** Reads and validates a scenario file of `lab`; every problem is a ScenarioError naming file, place and field. */
export function readScenario(lab: Lab, path: string): ScenarioFile {
  return parseScenarioJson(lab, readScenarioJson(path));
}

/**
 * The scenario's implementation: the lab's reference or the module its `implementation` names,
 * with each part its `parts` names plugged in (paths relative to the file); `override` and
 * `partOverrides` (paths as given, e.g. by --impl and --raft) take their places.
 */
export async function scenarioImplementation<Impl>(lab: Lab<Impl>, file: ScenarioFile, override?: string, partOverrides: Readonly<Record<string, string>> = {}): Promise<Impl> {
  const here = (path: string) => resolve(dirname(file.path), path);
  const spec = file.scenario.implementation;
  const implPath = override ?? (spec === "reference" ? undefined : here(spec));
  // The module the file names is named with its field: "/tmp/nope: no such file" did not say
  // where "nope" came from.
  if (override === undefined && implPath !== undefined && !existsSync(implPath)) {
    throw new ImplementationError(`${file.path}: implementation: ${JSON.stringify(spec)} names no file (${implPath})`);
  }
  const parts = Object.fromEntries(Object.entries(file.scenario.parts ?? {}).map(([flag, path]) => [flag, here(path)]));
  return loadRunImplementation(lab, { implPath, parts: { ...parts, ...partOverrides } });
}

/** The expected trace lines, when the scenario names a trace file that exists. */
export function expectedTrace(file: ScenarioFile): string[] | undefined {
  const traceFile = file.scenario.expect?.traceFile;
  if (traceFile === undefined) return undefined;
  const path = resolve(dirname(file.path), traceFile);
  return existsSync(path) ? readFileSync(path, "utf8").split("\n").filter((line) => line.length > 0) : undefined;
}

/** Writes a scenario as pretty JSON (the form humans edit and diffs read). */
export function writeScenario(path: string, scenario: ScenarioEnvelope): void {
  writeFileSync(path, `${JSON.stringify(scenario, null, 2)}\n`);
}
