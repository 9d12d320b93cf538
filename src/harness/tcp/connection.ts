import { randomBytes } from "node:crypto";
import type { LabEnv } from "../../../labnet/index.js";
import type { ClosableEnd, NamedEnd, RealConnection } from "../lab.js";

/**
 * Opens a connection to the server for the client `name`: the lab's realTarget.dial at the
 * target's address for a real run, any closable end in a test.
 */
export type Dial = (name: string) => ClosableEnd;

/**
 * The harness's side of one run against a real server, given to the lab's real world: every
 * connection it asks for, counted (RPCs) and watched (silence), closed when the run ends; real
 * time; and a namespace of this run, since a real server keeps what earlier runs wrote.
 */
export class TargetConnection implements RealConnection {
  readonly namespace = `kvlab-${randomBytes(6).toString("hex")}/`;
  /** Calls made through the connections, resends included. */
  rpcs = 0;
  private readonly ends: ClosableEnd[] = [];
  /** Calls sent and not yet returned, when one last got a reply, and whether the run is over. */
  private waiting = 0;
  private heardMs = performance.now();
  private closed = false;

  constructor(
    private readonly dial: Dial,
    /** Real time and randomness: the lab's realTarget.env. */
    readonly env: LabEnv,
    readonly checkSteps?: number,
  ) {}

  /**
   * A fresh connection named `name`. Once the run is over, a call never returns (no connection
   * is opened for it): a client that is still resending then waits, quietly.
   */
  connect(name: string): NamedEnd {
    const end = this.closed ? undefined : this.dial(name);
    if (end) this.ends.push(end);
    return {
      name,
      call: async <A, R>(method: string, args: A) => {
        if (this.closed || !end) return new Promise<never>(() => {});
        this.rpcs++;
        // Quiet time counts from when a call began waiting: idle time before it is no silence.
        if (this.waiting++ === 0) this.heardMs = performance.now();
        try {
          const reply = await end.call<A, R>(method, args);
          if (reply !== undefined) this.heardMs = performance.now();
          return reply;
        } finally {
          this.waiting--;
        }
      },
    };
  }

  /**
   * Resolves with how long and how many calls, e.g. "no reply for 10.0s with 1 call(s) waiting",
   * once calls have been waiting `ms` with no reply from the server (it stopped answering),
   * checking every `ms / 4`; `stop` ends the watch.
   */
  silence(ms: number): { said: Promise<string>; stop: () => void } {
    let timer: NodeJS.Timeout | undefined;
    const said = new Promise<string>((resolve) => {
      timer = setInterval(() => {
        const quiet = performance.now() - this.heardMs;
        if (this.waiting > 0 && quiet >= ms) resolve(`no reply for ${(quiet / 1000).toFixed(1)}s with ${this.waiting} call(s) waiting`);
      }, ms / 4);
    });
    return { said, stop: () => clearInterval(timer) };
  }

  /** Ends the run: closes every connection, and no call is sent from now on. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.ends.splice(0).map((end) => end.close()));
  }
}
