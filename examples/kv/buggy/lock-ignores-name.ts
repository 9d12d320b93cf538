// Bug: every lock lives at the one key "lock", whatever its name, so holding one lock blocks
// every other (the older form of the lab, where the lock's key was fixed).
import type { Clerk, LabEnv } from "kvlab";
import correct, { MyLock } from "../my-kv.js";

class OneKeyLock extends MyLock {
  constructor(clerk: Clerk, _name: string, env: LabEnv) {
    super(clerk, "lock", env);
  }
}

export default { ...correct, name: "lock-ignores-name", createLock: (clerk, name, env) => new OneKeyLock(clerk, name, env) } satisfies typeof correct;
