import { fileURLToPath } from "node:url";
import type { Lab } from "../lab.js";
import { loadTsx } from "./tsx-import.js";

/**
 * The lab whose module is at `url` (a Lab's `module`): imported as is when built, or through tsx
 * when it is TypeScript (kvlab run from its sources, or a lab defined beside a project's tests).
 */
export async function importLab(url: string): Promise<Lab> {
  const typescript = /\.[cm]?ts$/.test(new URL(url).pathname);
  const module = (typescript ? await (await loadTsx()).import(fileURLToPath(url), () => {}) : await import(url)) as { default?: Lab };
  if (module.default?.module === undefined) throw new Error(`${url} has no lab as its default export`);
  return module.default;
}
