import type { LabEnv } from "../../../labnet/index.js";
import type { ClosableEnd, Dial } from "../../../src/harness/index.js";

/** One connection a fake server accepted: the client it was opened for, the calls it got, whether it was closed. */
export interface FakeEnd extends ClosableEnd {
  readonly client: string;
  readonly calls: { method: string; args: unknown }[];
  closed: boolean;
}

/**
 * A server in memory for the TCP runner's tests: `dial` opens a connection that answers each call
 * with `answer` (by default an echo of the arguments); `opened` lists every connection made.
 */
export function fakeDial(answer: (method: string, args: unknown) => Promise<unknown> = async (_method, args) => args): { dial: Dial; opened: FakeEnd[] } {
  const opened: FakeEnd[] = [];
  const dial: Dial = (client) => {
    const end: FakeEnd = {
      client,
      calls: [],
      closed: false,
      call: async <A, R>(method: string, args: A) => {
        end.calls.push({ method, args });
        return (await answer(method, args)) as R | undefined;
      },
      close: async () => {
        end.closed = true;
      },
    };
    opened.push(end);
    return end;
  };
  return { dial, opened };
}

/** Whether `promise` is still pending once everything already queued has run. */
export async function pending(promise: Promise<unknown>): Promise<boolean> {
  const still = Symbol("pending");
  const first = await Promise.race([promise, new Promise((resolve) => setImmediate(() => resolve(still)))]);
  return first === still;
}

/** Real time and randomness for the fake servers' clients (what a lab's realTarget.env gives). */
export const testEnv: LabEnv = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => performance.now(),
  random: () => Math.random(),
};
