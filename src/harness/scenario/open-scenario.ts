import type { Lab } from "../lab.js";
import { parseScenarioJson, readScenarioJson, type ScenarioFile } from "./files.js";
import { ScenarioError } from "./scenario-error.js";

/** The labs a scenario file may name, by name: the caller's (the harness knows none), e.g. src/labs' `labs`. */
export type LabsByName = Readonly<Record<string, { load(): Promise<Lab> }>>;

/**
 * Reads a scenario file for whichever of `labs` its `lab` field names (default "kv"). A lab not
 * among them, or one without scenarios, is a ScenarioError naming the file and the labs there are.
 *
 * @example
 * const { lab, file } = await openScenario("scenarios/partition-heal.json", labs);
 */
export async function openScenario(path: string, labs: LabsByName): Promise<{ lab: Lab; file: ScenarioFile }> {
  const read = readScenarioJson(path);
  const entry = Object.hasOwn(labs, read.lab) ? labs[read.lab] : undefined;
  if (entry === undefined) throw new ScenarioError(`${path}: lab: no lab named "${read.lab}" (the labs are ${Object.keys(labs).join(", ")})`);
  const lab = await entry.load();
  return { lab, file: parseScenarioJson(lab, read) };
}
