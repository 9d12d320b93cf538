import type { Lab, RunOptions } from "../lab.js";
import { ImplementationError, loadDefaultExport, loadImplementation } from "./load-implementation.js";

/**
 * The implementation a run of `lab` takes: `--impl`'s module (the lab's reference without one),
 * with each part the user named (`--raft PATH` …, see Lab.parts) plugged in from its own module,
 * in the order the lab declares its parts. A part's refusal starts with its flag, since its module
 * is not `--impl`'s: "--raft ./my-raft.ts: the default export lacks make". A flag the lab has no
 * part for is refused the same way, naming the lab's parts.
 */
export async function loadRunImplementation<Impl>(
  lab: Pick<Lab<Impl>, "name" | "reference" | "checkImplementation" | "parts">,
  options: Pick<RunOptions, "implPath" | "parts">,
): Promise<Impl> {
  const named = options.parts ?? {};
  const parts = lab.parts ?? [];
  const stranger = Object.keys(named).find((flag) => !parts.some((part) => part.flag === flag));
  if (stranger !== undefined) {
    const offered = parts.length === 0 ? "it takes none" : `it takes ${parts.map((part) => `--${part.flag}`).join(", ")}`;
    throw new ImplementationError(`--${stranger}: the ${lab.name} lab has no ${stranger} part (${offered})`);
  }
  let impl = options.implPath === undefined ? lab.reference : await loadImplementation(lab, options.implPath);
  for (const part of parts) {
    const path = named[part.flag];
    if (path === undefined) continue;
    try {
      impl = part.plug(impl, await loadDefaultExport(path), path);
    } catch (error) {
      if (!(error instanceof ImplementationError)) throw error;
      throw new ImplementationError(`--${part.flag} ${error.message}`);
    }
  }
  return impl;
}
