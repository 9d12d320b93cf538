// A complete, correct implementation of the lab: server, clerk and lock, and every suite passes on
// it. `kvlab init` copies it into a new lab folder as its starting point; `npx kvlab test --impl
// ./my-kv.ts` there runs the suites on it.
import type { Clerk, ClientEnd, Err, GetArgs, GetReply, KVImplementation, KVService, LabEnv, Lock, PutArgs, PutReply } from "kvlab";

/** Key → (value, version); nothing per client, so memory does not grow with clerks. */
export class Server implements KVService {
  private readonly data = new Map<string, { value: string; version: number }>();

  get({ key }: GetArgs): GetReply {
    const entry = this.data.get(key);
    return entry ? { ...entry, err: "OK" } : { value: "", version: 0, err: "ErrNoKey" };
  }

  put({ key, value, version }: PutArgs): PutReply {
    const entry = this.data.get(key);
    if (!entry) {
      if (version !== 0) return { err: "ErrNoKey" };
      this.data.set(key, { value, version: 1 });
      return { err: "OK" };
    }
    if (entry.version !== version) return { err: "ErrVersion" };
    this.data.set(key, { value, version: version + 1 });
    return { err: "OK" };
  }
}

/** Resends lost RPCs every 100 ms of virtual time (env.sleep, never setTimeout). */
export class MyClerk implements Clerk {
  constructor(
    protected readonly end: ClientEnd,
    protected readonly env: LabEnv,
  ) {}

  async get(key: string): Promise<GetReply> {
    for (;;) {
      const reply = await this.end.call<GetArgs, GetReply>("get", { key });
      if (reply) return reply;
      await this.env.sleep(100);
    }
  }

  async put(key: string, value: string, version: number): Promise<Err> {
    for (let resent = false; ; resent = true) {
      const reply = await this.end.call<PutArgs, PutReply>("put", { key, value, version });
      // A resent put that meets ErrVersion may have applied on an earlier, lost try.
      if (reply) return reply.err === "ErrVersion" && resent ? "ErrMaybe" : reply.err;
      await this.env.sleep(100);
    }
  }
}

/** The lock's key holds the holder's id, or "" when free. */
export class MyLock implements Lock {
  protected readonly id: string;

  constructor(
    protected readonly clerk: Clerk,
    protected readonly name: string,
    protected readonly env: LabEnv,
  ) {
    this.id = Math.floor(env.random() * 2 ** 48).toString(36);
  }

  async acquire(): Promise<void> {
    for (;;) {
      const { value, version, err } = await this.clerk.get(this.name);
      if (err === "OK" && value === this.id) return; // an ErrMaybe put of ours did land
      if (err === "ErrNoKey" || value === "") {
        const result = await this.clerk.put(this.name, this.id, err === "ErrNoKey" ? 0 : version);
        if (result === "OK") return;
        if (result === "ErrMaybe") continue; // read again to see whether it landed
      }
      await this.env.sleep(5 + 10 * this.env.random()); // jittered, so waiters do not fall into step
    }
  }

  async release(): Promise<void> {
    for (;;) {
      const { value, version } = await this.clerk.get(this.name);
      if (value !== this.id) return;
      if ((await this.clerk.put(this.name, "", version)) === "OK") return;
    }
  }
}

const implementation: KVImplementation = {
  name: "my-kv",
  createServer: () => new Server(),
  createClerk: (end, env) => new MyClerk(end, env),
  createLock: (clerk, name, env) => new MyLock(clerk, name, env),
};
export default implementation;
