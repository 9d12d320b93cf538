// Bug: release takes ErrMaybe for "not released" and tries again with the version it reads now.
// But ErrMaybe here means the put did apply: the lock was freed, and by the time release reads
// again another client may hold it, so the retry frees that client's lock.
import correct, { MyLock } from "../my-kv.js";

class RetryingLock extends MyLock {
  override async release(): Promise<void> {
    let { value, version } = await this.clerk.get(this.name);
    if (value !== this.id) return;
    for (;;) {
      if ((await this.clerk.put(this.name, "", version)) === "OK") return;
      ({ version } = await this.clerk.get(this.name));
    }
  }
}

export default { ...correct, name: "lock-release-ignores-errmaybe", createLock: (clerk, name, env) => new RetryingLock(clerk, name, env) } satisfies typeof correct;
