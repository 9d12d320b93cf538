// A counter whose clients remember how many runs came before theirs in this thread, and wait that
// many milliseconds before every call: each run alone is fine, but the second run at a seed is not
// the first. Only running twice in one thread shows it.
import type { ClientEnd, LabEnv } from "../../../../labnet/index.js";
import type { CounterImplementation } from "../contract.js";
import { reference, RetryingClient } from "../reference.js";

let runs = 0;

/** Waits `delayMs` before each call of the reference client. */
function delayed(end: ClientEnd, env: LabEnv, delayMs: number): ClientEnd {
  return {
    async call<A, R>(method: string, args: A) {
      await env.sleep(delayMs);
      return end.call<A, R>(method, args);
    },
  };
}

const remembering: CounterImplementation = {
  createServer(env) {
    runs++;
    return reference.createServer(env);
  },
  createClient: (end, env, name) => new RetryingClient(delayed(end, env, runs), env, name),
};

export default remembering;
