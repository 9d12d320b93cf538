/**
 * A lab that exists only against a real server, for the TCP runner's tests: a client sends text
 * and the server echoes it. It knows the harness only through its face, and needs no KV.
 */
import type { ClientEnd, LabEnv } from "../../../labnet/index.js";
import { LabFailure, RunNotes, type Dial, type Lab, type RealConnection, type RealTarget, type RealWorld, type TestDefinition } from "../../../src/harness/index.js";
import { fakeDial, testEnv } from "./fake-dial.js";

export interface EchoImplementation {
  createClient(end: ClientEnd, env: LabEnv): { echo(text: string): Promise<string | undefined> };
}

export const echoReference: EchoImplementation = {
  createClient: (end) => ({ echo: async (text) => (await end.call<{ text: string }, { text: string }>("echo", { text }))?.text }),
};

/** A test's world against the server: clients on the harness's connections, operations counted. */
export class EchoWorld implements RealWorld {
  readonly notes = new RunNotes();
  operations = 0;
  private clients = 0;

  constructor(
    readonly impl: EchoImplementation,
    readonly connection: RealConnection,
  ) {}

  /** A client on a connection of its own, each echo counted as one operation. */
  client(): { echo(text: string): Promise<string | undefined> } {
    const made = this.impl.createClient(this.connection.connect(`client-${++this.clients}`), this.connection.env);
    return {
      echo: (text) => {
        this.operations++;
        return made.echo(text);
      },
    };
  }
}

/** A test of the echo lab (reliable and needing no simulation unless `extra` says otherwise). */
export function echoTest(name: string, body: (world: EchoWorld, tester: LabEnv) => Promise<void>, extra: Partial<TestDefinition<EchoWorld>> = {}): TestDefinition<EchoWorld> {
  return { suite: "echo", name, title: `Test: ${name}`, reliable: true, body, ...extra };
}

/** Two clients echo two texts each, and each must get its own text back. */
export const echoTwice = echoTest("TestEchoTwice", async (world) => {
  for (const client of [world.client(), world.client()]) {
    for (const text of ["a", "b"]) {
      const echoed = await client.echo(text);
      if (echoed !== text) throw new LabFailure(`echo(${text}) returned ${echoed}`);
    }
  }
});

/**
 * Echo servers in memory by port: what the echo lab's realTarget reaches at HOST:PORT (any host).
 * A port with none is one where nothing listens: its probe says so, its connections get no reply.
 */
export const echoServers = new Map<number, Dial>();

/** The echo lab's real server, reached with no TCP and nothing of src/real. */
export const echoTarget: RealTarget = {
  server: "echo-server",
  env: testEnv,
  dial: (address, name) => (echoServers.get(address.port) ?? fakeDial(async () => undefined).dial)(name),
  probe: async ({ host, port }, timeoutMs) => (echoServers.has(port) ? undefined : `cannot reach echo-server at ${host}:${port}: nothing listens (waited ${timeoutMs} ms)`),
};

/** The echo lab; `world` is never asked for here (its tests run only against a server). */
export const echoLab: Lab<EchoImplementation, EchoWorld> = {
  name: "echo",
  title: "the echo lab",
  module: import.meta.url,
  reference: echoReference,
  checkImplementation: (candidate) => candidate as EchoImplementation,
  suites: { echo: [echoTwice] },
  world: () => {
    throw new Error("the echo lab has no simulated world");
  },
  realWorld: (impl, connection) => new EchoWorld(impl, connection),
  realTarget: echoTarget,
};

export default echoLab;
