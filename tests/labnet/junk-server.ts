import { Network, Server, Simulation, type FaultProfile, type LabEnv } from "../../labnet/index.js";

/** The test server of the network's unit tests: a few handlers and a log of what ran. */
export class JunkServer {
  readonly log: string[] = [];
  constructor(private readonly env: LabEnv) {}

  handler1(args: { text: string }) {
    this.log.push(args.text);
    return { n: Number.parseInt(args.text, 10) };
  }
  handler2(args: { n: number }) {
    this.log.push(String(args.n));
    return { text: `handler2-${args.n}` };
  }
  /** Replies with a 107-character string, for byte counting. */
  handler6(args: { text: string }) {
    this.log.push(args.text);
    return { text: "y".repeat(107) };
  }
  /** Sleeps 20 s of virtual time before answering (for the killed-server test). */
  async slow(args: { text: string }) {
    await this.env.sleep(20_000);
    return { text: args.text };
  }
}

/** A simulation with one JunkServer named "server99" on `profile`. */
export function junkNetwork(seed: number, profile?: FaultProfile) {
  const sim = new Simulation({ seed, trace: true });
  const net = new Network(sim, profile);
  let junk: JunkServer | undefined;
  net.addServer("server99", ({ env }) => {
    junk = new JunkServer(env);
    return Server.of(junk);
  });
  return { sim, net, junk: () => junk! };
}
