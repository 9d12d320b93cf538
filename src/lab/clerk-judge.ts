import type { ClientEnd } from "../../labnet/index.js";
import type { Clerk, Err, GetReply } from "../kv/index.js";

/** What a clerk may answer, by operation. */
const LEGAL: Record<"get" | "put", readonly unknown[]> = {
  get: ["OK", "ErrNoKey"],
  put: ["OK", "ErrNoKey", "ErrVersion", "ErrMaybe"],
};

/** One clerk call while it runs: what it was asked, how many RPCs it sent, the last reply it got. */
class OpenCall {
  sends = 0;
  /** Replies delivered to this call's RPCs; only the last one decides. */
  replies = 0;
  last: unknown = undefined;
  open = true;

  constructor(
    readonly op: "get" | "put",
    readonly key: string,
    readonly value: string | undefined,
    readonly version: number | undefined,
  ) {}

  /** Counts one more RPC, and the reply it gets if that arrives while the call still runs. */
  send(reply: Promise<unknown>): void {
    this.sends++;
    reply.then((answer) => {
      if (this.open && answer !== undefined) {
        this.replies++;
        this.last = answer;
      }
    }, ignore);
  }
}

/** The clerk sees a rejected call itself; the judge has nothing to add. */
function ignore(): void {}

/** The end a judged clerk is given: its calls go through, and the judge sees each one. */
class WatchedEnd implements ClientEnd {
  constructor(
    private readonly judge: ClerkJudge,
    private readonly end: ClientEnd,
  ) {}

  call<A, R>(method: string, args: A): Promise<R | undefined> {
    const reply = this.end.call<A, R>(method, args);
    this.judge.attribute(method, args)?.send(reply);
    return reply;
  }
}

/**
 * Judges every answer of one clerk against the RPCs its call sent and the replies those got, as
 * the network delivered them. The rule, from the contract:
 *
 * - every RPC a call sends is that call's own: a get sends `get {key}`, a put `put {key, value,
 *   version}` with exactly the call's arguments;
 * - a call answers only after one of its RPCs was answered, and the last reply delivered to it
 *   (the one it acted on: a clerk returns as that reply arrives) decides the answer:
 *   a get returns that reply's (value, version, err); a put returns that reply's err, except that
 *   ErrVersion becomes ErrMaybe once the put was sent more than once (an earlier try may have
 *   applied), and only then.
 *
 * Replies to an earlier call's attempts that arrive late belong to that call, not the current one.
 * It keeps only the calls in progress, so it costs a few objects per call and nothing per clerk
 * once a call has returned.
 */
export class ClerkJudge implements Clerk {
  /** The call in progress (a clerk serves one call at a time), and any that overlap it. */
  private current: OpenCall | undefined;
  private overlapping: OpenCall[] | undefined;
  private clerk: Clerk | undefined;

  constructor(
    /** The clerk's end name, which names the client in messages ("clerk-3"). */
    private readonly client: string,
    /** Ends the run with a failure in the lab's words. */
    private readonly fail: (message: string) => void,
  ) {}

  /** The end to give the clerk: the same calls, watched. */
  watch(end: ClientEnd): ClientEnd {
    return new WatchedEnd(this, end);
  }

  /** The clerk to give the test (this judge): the same answers, each judged as it returns. */
  judged(clerk: Clerk): Clerk {
    this.clerk = clerk;
    return this;
  }

  async get(key: string): Promise<GetReply> {
    const call = this.open(new OpenCall("get", key, undefined, undefined));
    const reply = await this.clerk!.get(key);
    this.judgeGet(call, reply);
    return reply;
  }

  async put(key: string, value: string, version: number): Promise<Err> {
    const call = this.open(new OpenCall("put", key, value, version));
    const err = await this.clerk!.put(key, value, version);
    this.judgePut(call, err);
    return err;
  }

  private open(call: OpenCall): OpenCall {
    if (this.current === undefined) this.current = call;
    else (this.overlapping ??= []).push(call);
    return call;
  }

  private close(call: OpenCall): void {
    call.open = false;
    if (this.current === call) this.current = this.overlapping?.shift();
    else this.overlapping!.splice(this.overlapping!.indexOf(call), 1);
  }

  /**
   * The call an RPC belongs to: the one call in progress or, with several, the one whose
   * arguments it carries. An RPC that fits no call fails the run.
   */
  attribute(method: string, args: unknown): OpenCall | undefined {
    const first = this.current;
    if (first === undefined) return undefined;
    if (sends(first, method, args)) return first;
    const fits = this.overlapping?.find((call) => sends(call, method, args));
    if (fits) return fits;
    this.fail(`${this.client}: ${describeCall(first)} sent ${method} ${wrongArgs(first, method, args)}; a call sends only its own ${first.op} with its own arguments`);
    return undefined;
  }

  private judgeGet(call: OpenCall, reply: GetReply): void {
    this.close(call);
    const answer = reply as Partial<GetReply> | undefined;
    const said = `returned (${preview(answer?.value)}, ${String(answer?.version)}, ${String(answer?.err)})`;
    if (!LEGAL.get.includes(answer?.err)) return this.fail(`${this.client}: ${describeCall(call)} ${said}; a get may return only OK or ErrNoKey`);
    if (call.replies === 0) return this.fail(`${this.client}: ${describeCall(call)} ${said}, but ${unanswered(call)}`);
    const last = call.last as Partial<GetReply>;
    const same = answer!.err === last.err && (last.err !== "OK" || (answer!.value === last.value && answer!.version === last.version));
    if (!same) this.fail(`${this.client}: ${describeCall(call)} ${said}, but ${lastReply(call)} said (${preview(last.value)}, ${String(last.version)}, ${String(last.err)})`);
  }

  private judgePut(call: OpenCall, err: Err): void {
    this.close(call);
    if (!LEGAL.put.includes(err)) return this.fail(`${this.client}: ${describeCall(call)} returned ${String(err)}; a put may return only ${LEGAL.put.join(", ")}`);
    if (call.replies === 0) return this.fail(`${this.client}: ${describeCall(call)} returned ${err}, but ${unanswered(call)}`);
    const said = errOf(call.last);
    const due = said === "ErrVersion" && call.sends > 1 ? "ErrMaybe" : said;
    if (err === due) return;
    const asked = `${this.client}: ${describeCall(call)} returned ${err}`;
    if (err === "ErrMaybe" && call.sends === 1) return this.fail(`${asked} after a single send; ErrMaybe is only for a put that was sent more than once`);
    if (err === "ErrVersion" && due === "ErrMaybe") {
      return this.fail(`${asked} after ${call.sends} sends; a resent put that meets ErrVersion must return ErrMaybe (an earlier try may have applied)`);
    }
    this.fail(`${asked}, but ${lastReply(call)} said ${String(said)}${due === "ErrMaybe" ? `, which after ${call.sends} sends means ErrMaybe` : ""}`);
  }
}

/** True when an RPC is the call's own: its method, with exactly the call's arguments. */
function sends(call: OpenCall, method: string, args: unknown): boolean {
  if (method !== call.op || typeof args !== "object" || args === null) return false;
  const sent = args as { key?: unknown; value?: unknown; version?: unknown };
  return sent.key === call.key && (call.op === "get" || (sent.value === call.value && sent.version === call.version));
}

/** How an RPC's arguments differ from the call's, e.g. `with version 12 instead of 11`. */
function wrongArgs(call: OpenCall, method: string, args: unknown): string {
  if (typeof args !== "object" || args === null) return `with arguments ${preview(args)}`;
  const fields: Record<string, unknown> = call.op === "get" ? { key: call.key } : { key: call.key, value: call.value, version: call.version };
  const sent = args as Record<string, unknown>;
  const wrong = Object.keys(fields).filter((field) => sent[field] !== fields[field]);
  if (method !== call.op || wrong.length === 0) return preview(args);
  return `with ${wrong.map((field) => `${field} ${preview(sent[field])} instead of ${preview(fields[field])}`).join(", ")}`;
}

function errOf(reply: unknown): unknown {
  return typeof reply === "object" && reply !== null ? (reply as { err?: unknown }).err : undefined;
}

/** E.g. `Put("k", "v", 2)` or `Get("k")`, with long strings cut short. */
function describeCall(call: OpenCall): string {
  return call.op === "get" ? `Get(${preview(call.key)})` : `Put(${preview(call.key)}, ${preview(call.value)}, ${call.version})`;
}

function unanswered(call: OpenCall): string {
  return call.sends === 0 ? "it sent no RPC" : call.sends === 1 ? "its one RPC was not answered" : `none of its ${call.sends} RPCs was answered`;
}

function lastReply(call: OpenCall): string {
  return call.replies === 1 ? "the only reply it received" : `the last of the ${call.replies} replies it received`;
}

/**
 * JSON of a value as messages quote keys and values: whole up to 40 characters, else its start
 * and end with its length (two long keys often differ only at one end).
 */
export function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 24)}…${text.slice(-12)} (${typeof value === "string" ? value.length : text.length} characters)` : text;
}
