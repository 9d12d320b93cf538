/**
 * A second lab, as small as a lab can be: a counter service on labnet, written only against the
 * faces of the harness, labnet and the checker. It shows that the Lab interface is all the harness
 * needs of a lab, and the harness's tests run on it.
 */
import type { Lab } from "../../../src/harness/index.js";
import { checkImplementation, checkServerPart, type CounterImplementation } from "./contract.js";
import { explainCounterRun } from "./explain.js";
import { reference } from "./reference.js";
import { suites, type CounterTestDefinition } from "./suites.js";
import { CounterWorld } from "./world.js";

export const counterLab: Lab<CounterImplementation, CounterWorld> = {
  name: "counter",
  title: "the counter lab",
  module: import.meta.url,
  reference,
  checkImplementation,
  // A part, as the replicated KV lab's Raft is one: the harness's tests run a server from a module of its own under --impl's client.
  parts: [
    {
      flag: "server",
      describe: "a counter server on its own: a module whose default export is { createServer(env) } (default: --impl's)",
      plug: (impl, candidate, where) => ({ ...impl, createServer: checkServerPart(candidate, where).createServer }),
    },
  ],
  suites,
  unsupported: (impl, definition) => ((definition as CounterTestDefinition).atMostOnce && impl.atMostOnce === false ? "the implementation does not claim at-most-once increments" : undefined),
  world: (impl, options) => new CounterWorld(impl, options),
  explain: explainCounterRun,
};

export default counterLab;
