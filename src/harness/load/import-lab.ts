import type { Lab } from "../lab.js";
import { importSharingModules } from "./tsx-import.js";

/** Whether this module runs from TypeScript source, under a loader that compiles it (vitest, tsx). */
const fromSource = /\.[cm]?ts$/.test(new URL(import.meta.url).pathname);

/**
 * The lab whose module is at `url` (a Lab's `module`). A JavaScript lab is imported as is. A
 * TypeScript lab (kvlab run from its sources, or a lab defined beside a project's tests) is
 * imported by the loader that runs this code when it runs from source, and by tsx for the whole
 * thread when kvlab is built: either way the lab and the harness share their modules (a
 * LabFailure the lab throws is the harness's own).
 */
export async function importLab(url: string): Promise<Lab> {
  const typescript = /\.[cm]?ts$/.test(new URL(url).pathname);
  const module = (typescript && !fromSource ? await importSharingModules(url) : await import(url)) as { default?: Lab };
  if (module.default?.module === undefined) throw new Error(`${url} has no lab as its default export`);
  return module.default;
}
