import type { Lab, LabScenarios } from "../lab.js";
import { ScenarioError } from "./scenario-error.js";

/** The lab's scenario support, or a ScenarioError (naming `where`) for a lab that has none. */
export function labScenarios<Impl>(lab: Lab<Impl>, where: string): LabScenarios<Impl> {
  if (lab.scenarios === undefined) throw new ScenarioError(`${where}: the ${lab.name} lab has no scenarios`);
  return lab.scenarios;
}
