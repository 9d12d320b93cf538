import { Network, Server, Simulation, compose, profiles, type FaultProfile } from "../../labnet/index.js";

/** A small register server whose handlers sometimes await, so requests interleave. */
function registerServer(env: { sleep(ms: number): Promise<void> }) {
  let value = 0;
  return Server.of({
    read: () => ({ value }),
    async add(args: { by: number }) {
      if (args.by % 3 === 0) await env.sleep(1);
      value += args.by;
      return { value };
    },
  });
}

export interface WorkloadOptions {
  seed: number | string;
  profile?: FaultProfile;
  clients?: number;
  callsPerClient?: number;
  /** Changes only client 0's calls: the others' faults must not move. */
  firstClientVariant?: boolean;
}

/** Several clients calling one server with retries and sleeps; returns the run's trace. */
export async function runWorkload(options: WorkloadOptions) {
  const sim = new Simulation({ seed: options.seed, trace: true });
  const net = new Network(sim, options.profile ?? compose(profiles.unreliable, profiles.duplicating));
  net.addServer("reg", ({ env }) => registerServer(env));
  for (let c = 0; c < (options.clients ?? 4); c++) {
    const end = net.makeEnd(`client-${c}`, { to: "reg" });
    sim.spawn(`client-${c}`, async (env) => {
      for (let i = 0; i < (options.callsPerClient ?? 20); i++) {
        const by = c === 0 && options.firstClientVariant ? 100 + i : i;
        while ((await end.call("add", { by })) === undefined) await env.sleep(100 * env.random());
        net.countOperation();
      }
    });
  }
  const result = await sim.run();
  return { result, events: sim.trace.events!, counts: net.counts() };
}
