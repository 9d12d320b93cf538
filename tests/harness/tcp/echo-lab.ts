/**
 * A lab that exists only against a real server, for the TCP runner's tests: a client sends text
 * and the server echoes it. It knows the harness only through its face, and needs no KV.
 */
import type { ClientEnd, LabEnv } from "../../../labnet/index.js";
import { LabFailure, RunNotes, type Lab, type RealConnection, type RealWorld, type TestDefinition } from "../../../src/harness/index.js";

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
};

export default echoLab;
