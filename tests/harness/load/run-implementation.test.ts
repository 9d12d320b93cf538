// loadRunImplementation: the implementation a run takes, --impl's module with the lab's parts
// (here the counter lab's --server) plugged in from modules of their own.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ImplementationError, loadRunImplementation } from "../../../src/harness/index.js";
import { counterLab } from "../counter-lab/lab.js";
import type { CounterImplementation } from "../counter-lab/contract.js";
import type { LabEnv } from "../../../labnet/index.js";

const impls = join(import.meta.dirname, "../counter-lab/impls");
const forgetfulPath = join(impls, "forgetful.ts");
/** The class of the server `impl` makes (modules loaded from a path are other instances than this file's imports). */
const serverOf = (impl: CounterImplementation) => impl.createServer({} as LabEnv).constructor.name;
const serverPath = join(impls, "forgetful-server.ts");

describe("loadRunImplementation", () => {
  it("is the lab's reference without --impl or parts, and --impl's module with none", async () => {
    expect(await loadRunImplementation(counterLab, {})).toBe(counterLab.reference);
    expect(serverOf(await loadRunImplementation(counterLab, { implPath: forgetfulPath }))).toBe("ForgetfulServer");
  });

  it("plugs a named part's module into --impl's implementation, or the reference's", async () => {
    const onReference = await loadRunImplementation(counterLab, { parts: { server: serverPath } });
    expect(serverOf(onReference)).toBe("ForgetfulServer");
    expect(onReference.createClient).toBe(counterLab.reference.createClient);
    const onImpl = await loadRunImplementation(counterLab, { implPath: join(impls, "remembering.ts"), parts: { server: serverPath } });
    expect(serverOf(onImpl)).toBe("ForgetfulServer");
  });

  it("refuses a part's module that does not fit, in one line starting with its flag", async () => {
    const notAServer = join(impls, "no-client.ts");
    const wrong = join(import.meta.dirname, "../counter-lab/model.ts");
    await expect(loadRunImplementation(counterLab, { parts: { server: wrong } })).rejects.toThrow(new ImplementationError(`--server ${wrong}: the default export lacks createServer (a function)`));
    await expect(loadRunImplementation(counterLab, { parts: { server: "nowhere.ts" } })).rejects.toThrow(new ImplementationError("--server nowhere.ts: no such file"));
    // A whole implementation has a server: it is a part too.
    await expect(loadRunImplementation(counterLab, { parts: { server: notAServer } })).resolves.toBeDefined();
  });

  it("refuses a flag the lab has no part for, naming the parts it has", async () => {
    await expect(loadRunImplementation(counterLab, { parts: { raft: serverPath } })).rejects.toThrow(new ImplementationError("--raft: the counter lab has no raft part (it takes --server)"));
    const partless = { ...counterLab, parts: undefined };
    await expect(loadRunImplementation(partless, { parts: { server: serverPath } })).rejects.toThrow(new ImplementationError("--server: the counter lab has no server part (it takes none)"));
  });
});
