import type { Argv } from "yargs";
import { labs } from "../../labs/index.js";

/** Every flag some lab takes for one of its parts, with the labs that take it and what it names. */
const partFlags: ReadonlyMap<string, { labs: string[]; describe: string }> = (() => {
  const flags = new Map<string, { labs: string[]; describe: string }>();
  for (const [lab, entry] of Object.entries(labs)) {
    for (const [flag, describe] of Object.entries(entry.parts ?? {})) {
      const known = flags.get(flag);
      if (known) known.labs.push(lab);
      else flags.set(flag, { labs: [lab], describe });
    }
  }
  return flags;
})();

/**
 * A command that takes `--impl` also takes every lab's part flags (`--raft PATH` …, see Lab.parts),
 * each said in help to be for its labs; a part flag given with a lab that has no such part is a
 * usage error in one line. The flags are known before the lab is loaded, from the registry. A
 * command without `--lab` (replay: the lab is the scenario file's) leaves that check to the
 * loading of the parts, which refuses a flag the lab does not have.
 */
export function withPartOptions<T extends object>(yargs: Argv<T>): Argv<T> {
  for (const [flag, { labs: takers, describe }] of partFlags) {
    yargs.option(flag, { type: "string", describe: `with ${takers.map((lab) => `--lab ${lab}`).join(" or ")}: ${describe}` });
  }
  return yargs.check((args) => {
    const lab = (args as { lab?: string }).lab;
    for (const [flag, { labs: takers }] of partFlags) {
      if (args[flag] !== undefined && lab !== undefined && !takers.includes(lab)) return `--${flag} is for ${takers.map((taker) => `the ${taker} lab`).join(" or ")}, not the ${lab} lab`;
    }
    return true;
  });
}

/** The part modules `args` names, by flag, as RunOptions.parts takes them (the flags are checked by withPartOptions). */
export function partPaths(args: object): Record<string, string> {
  const given = args as Record<string, unknown>;
  return Object.fromEntries([...partFlags.keys()].flatMap((flag) => (typeof given[flag] === "string" ? [[flag, given[flag]]] : [])));
}
