// Bug: release frees the lock whoever holds it. It never checks that the key holds its own id,
// so a client that calls release without holding the lock frees another client's.
import correct, { MyLock } from "../my-kv.js";

class CarelessLock extends MyLock {
  override async release(): Promise<void> {
    for (;;) {
      const { value, version, err } = await this.clerk.get(this.name);
      if (err !== "OK" || value === "") return;
      if ((await this.clerk.put(this.name, "", version)) === "OK") return;
    }
  }
}

export default { ...correct, name: "lock-release-not-owner", createLock: (clerk, name, env) => new CarelessLock(clerk, name, env) } satisfies typeof correct;
