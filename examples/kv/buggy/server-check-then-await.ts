// Bug: the put handler checks the version, then awaits (say, a write to disk) before installing
// the value. Another put can pass the same check meanwhile, and both report OK.
import type { LabEnv, PutArgs, PutReply } from "kvlab";
import correct, { Server } from "../my-kv.js";

class RacyServer extends Server {
  constructor(private readonly env: LabEnv) {
    super();
  }

  async putSlowly(args: PutArgs): Promise<PutReply> {
    const current = this.get({ key: args.key });
    const matches = current.err === "OK" ? current.version === args.version : args.version === 0;
    if (!matches) return { err: current.err === "OK" ? "ErrVersion" : "ErrNoKey" };
    await this.env.sleep(1); // the "disk write": other requests run here
    return super.put({ ...args, version: this.get({ key: args.key }).version });
  }
}

export default {
  ...correct,
  name: "server-check-then-await",
  createServer: (env) => {
    const server = new RacyServer(env);
    return { get: (args) => server.get(args), put: (args) => server.putSlowly(args) };
  },
} satisfies typeof correct;
