// Bug: the lock takes an ErrMaybe put as success. But ErrMaybe may mean another client's put
// won, so two clients can hold the lock at once.
import correct, { MyLock } from "../my-kv.js";

class TrustingLock extends MyLock {
  override async acquire(): Promise<void> {
    for (;;) {
      const { value, version, err } = await this.clerk.get(this.name);
      if (err === "ErrNoKey" || value === "") {
        const result = await this.clerk.put(this.name, this.id, err === "ErrNoKey" ? 0 : version);
        if (result === "OK" || result === "ErrMaybe") return;
      }
      await this.env.sleep(10);
    }
  }
}

export default { ...correct, name: "lock-ignores-errmaybe", createLock: (clerk, name, env) => new TrustingLock(clerk, name, env) } satisfies typeof correct;
