import type { ClientEnd } from "../../../labnet/index.js";
import type { Clerk, Err, GetReply } from "./contract.js";
import { ownProperty } from "./observed.js";
import { describeCall, describeGetReply, quote } from "./quote.js";

/** What a clerk may answer, by operation. */
const LEGAL: Record<"get" | "put", readonly unknown[]> = {
  get: ["OK", "ErrNoKey"],
  put: ["OK", "ErrNoKey", "ErrVersion", "ErrMaybe"],
};

/** One clerk call while it runs: what it was asked, how many RPCs it sent, the replies it got. */
class OpenCall {
  sends = 0;
  /** Replies delivered to this call's RPCs while it ran, in order of delivery. */
  readonly replies: unknown[] = [];
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
      if (this.open && answer !== undefined) this.replies.push(answer);
    }, ignore);
  }
}

/** What a judge's Proxies answer with the judge itself: module-private, so no user code asks for it. */
const JUDGE = Symbol("clerk judge");

/** The receiver the trap last gave a shared function for, and its judge (see ClerkJudge.of). */
let lastReceiver: unknown;
let lastJudge: ClerkJudge | undefined;

/** The clerk sees a rejected call itself; the judge has nothing to add. */
function ignore(): void {}

/**
 * Judges every answer of one clerk against the RPCs its call sent and the replies those got, as
 * the network delivered them. The rule, from the contract:
 *
 * - every RPC a call sends is that call's own: a get sends `get {key}`, a put `put {key, value,
 *   version}` with exactly the call's arguments;
 * - a call answers only after one of its RPCs was answered, and with what one of the replies
 *   delivered to it said (a clerk may act on any of them: with resends in flight, two can arrive
 *   during one wait): a get returns one reply's (value, version, err); a put returns OK only if a
 *   reply said OK, ErrNoKey only if one said ErrNoKey, and a reply's ErrVersion as ErrVersion
 *   after a single send, as ErrMaybe after more than one (the clerk cannot tell which send it
 *   answers, and an earlier one may have applied), and ErrMaybe only then.
 *
 * Replies to an earlier call's attempts that arrive late belong to that call, not the current one.
 * It keeps only the calls in progress, so it costs a few objects per call and, per clerk, itself
 * and the two Proxies it hands out (watch, judged), whose handler it is.
 */
export class ClerkJudge implements ProxyHandler<object> {
  /** The call in progress (a clerk serves one call at a time), and any that overlap it. */
  private current: OpenCall | undefined;
  private overlapping: OpenCall[] | undefined;
  /**
   * The end it watches and the clerk it judges: the targets of its two Proxies. The end is a
   * subclass's to read (a simulated world's clerk is its judge, see sim-world).
   */
  protected end: ClientEnd | undefined;
  private student: Clerk | undefined;
  /** The first RPC that fitted no call in progress, in words (see raiseMisdirected). */
  private misdirected: string | undefined;

  constructor(
    /** The clerk's end name, which names the client in messages ("clerk-3"). */
    private readonly client: string,
    /** Ends the run with a failure in the lab's words. */
    private readonly fail: (message: string) => void,
  ) {}

  /** The end to give the clerk: the end itself (its name, its fields), its calls watched. A judge watches one end. */
  watch<E extends ClientEnd>(end: E): E {
    if (this.end !== undefined && this.end !== end) throw new Error(`${this.client}: a clerk judge watches one end`);
    this.end = end;
    return new Proxy<ClientEnd>(end, this) as E;
  }

  /**
   * The clerk to give the test and the lock: the student's clerk itself (its class, its fields),
   * its answers each judged as it returns.
   */
  judged<C extends Clerk>(clerk: C): C {
    this.student = clerk;
    return new Proxy<Clerk>(clerk, this) as C;
  }

  /**
   * The Proxies' trap (see observed): the end's call and the clerk's get and put are the judge's;
   * everything else is the target's own. For those three it gives the same functions to every
   * clerk (watchedCall, judgedGet, judgedPut), which find this judge through the object they are
   * called on, and notes the judge for the call that follows (see of).
   */
  get(object: object, property: string | symbol, receiver: unknown): unknown {
    if (property === JUDGE) return this;
    let shared: unknown;
    if (object === this.end) {
      if (property === "call") shared = ClerkJudge.watchedCall;
    } else if (property === "get") shared = ClerkJudge.judgedGet;
    else if (property === "put") shared = ClerkJudge.judgedPut;
    if (shared === undefined) return ownProperty(object, property);
    lastReceiver = receiver;
    lastJudge = this;
    return shared;
  }

  /**
   * What the Proxies give in place of the end's call and the clerk's get and put: one function
   * each for every judge, not one bound to each judge. The memory tests make 100,000 clerks, and
   * every object a clerk keeps is copied by the young-generation GCs it lives through: the two
   * bound functions a clerk's first put made (call and put) were 96 of its 760 bytes. Like the
   * target's own methods, they need the object they are called on (`end.call(...)`,
   * `clerk.put(...)`, or bound to it).
   */
  private static readonly watchedCall = function (this: unknown, method: string, args: unknown): Promise<unknown> {
    return ClerkJudge.of(this, "call").call(method, args);
  } as ClientEnd["call"];

  private static readonly judgedGet = function (this: unknown, key: string): Promise<GetReply> {
    return ClerkJudge.of(this, "get").getJudged(key);
  };

  private static readonly judgedPut = function (this: unknown, key: string, value: string, version: number): Promise<Err> {
    return ClerkJudge.of(this, "put").putJudged(key, value, version);
  };

  /** The judge of the watched end or judged clerk `receiver`, or a TypeError naming the detached `method`. */
  private static of(receiver: unknown, method: string): ClerkJudge {
    // `receiver.put(…)` calls the function the trap has just given for that same receiver: the
    // judge it noted then saves asking the Proxy again. Forgotten at once, so it keeps no clerk alive.
    const noted = receiver === lastReceiver ? lastJudge : undefined;
    lastReceiver = lastJudge = undefined;
    if (noted !== undefined) return noted;
    const judge = typeof receiver === "object" && receiver !== null ? (receiver as { [JUDGE]?: unknown })[JUDGE] : undefined;
    if (!(judge instanceof ClerkJudge)) throw new TypeError(`${method} was called without the object it belongs to: call it as a method, or bind it to its object`);
    return judge;
  }

  /** The end's call, counted as an RPC of the call in progress it belongs to. */
  private call(method: string, args: unknown): Promise<unknown> {
    const reply = this.end!.call(method, args);
    this.attribute(method, args)?.send(reply);
    return reply;
  }

  // get and put open the call, so that its RPCs count as its own, run the clerk's call, then judge
  // its answer. Written out in each rather than through a shared helper taking closures: a
  // 100,000-clerk memory test makes 200,000 calls, and two closures a call showed in its profile.
  private async getJudged(key: string): Promise<GetReply> {
    const call = this.open(new OpenCall("get", key, undefined, undefined));
    let reply: GetReply;
    try {
      reply = await this.student!.get(key);
    } finally {
      this.close(call); // a call that threw is over too: later RPCs are not its
    }
    this.raiseMisdirected();
    this.judgeGet(call, reply);
    return reply;
  }

  private async putJudged(key: string, value: string, version: number): Promise<Err> {
    const call = this.open(new OpenCall("put", key, value, version));
    let err: Err;
    try {
      err = await this.student!.put(key, value, version);
    } finally {
      this.close(call);
    }
    this.raiseMisdirected();
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
  private attribute(method: string, args: unknown): OpenCall | undefined {
    const first = this.current;
    if (first === undefined) return undefined;
    if (sends(first, method, args)) return first;
    const fits = this.overlapping?.find((call) => sends(call, method, args));
    if (fits) return fits;
    const message = `${this.client}: ${describeCall(first)} sent ${method} ${wrongArgs(first, method, args)}; a call sends only its own ${first.op} with its own arguments`;
    this.misdirected ??= message;
    try {
      this.fail(message); // a simulation's failure ends the run at once
    } catch {
      // A real-time test's failure throws, here inside the clerk's end.call, where the clerk
      // could catch it and go on: it is raised again when the call returns (raiseMisdirected).
    }
    return undefined;
  }

  /** Fails the test, from outside the clerk, with the first RPC that fitted no call, if any. */
  private raiseMisdirected(): void {
    if (this.misdirected !== undefined) this.fail(this.misdirected);
  }

  private judgeGet(call: OpenCall, reply: GetReply): void {
    const answer = reply as Partial<GetReply> | undefined;
    // The usual case first, with no words built: a legal answer that one of the replies gave.
    if (LEGAL.get.includes(answer?.err) && call.replies.some((got) => sameGet(answer!, got as Partial<GetReply>))) return;
    const said = `returned ${describeGetReply(answer)}`;
    if (!LEGAL.get.includes(answer?.err)) return this.fail(`${this.client}: ${describeCall(call)} ${said}; a get may return only OK or ErrNoKey`);
    if (call.replies.length === 0) return this.fail(`${this.client}: ${describeCall(call)} ${said}, but ${unanswered(call)}`);
    this.fail(`${this.client}: ${describeCall(call)} ${said}, but ${repliesSaid(call, (got) => describeGetReply(got as Partial<GetReply>))}`);
  }

  private judgePut(call: OpenCall, err: Err): void {
    const resent = call.sends > 1;
    // The usual case first, with nothing built: a legal answer that one of the replies allows.
    if (LEGAL.put.includes(err) && call.replies.some((reply) => allowedBy(errOf(reply), resent) === err)) return;
    if (!LEGAL.put.includes(err)) return this.fail(`${this.client}: ${describeCall(call)} returned ${String(err)}; a put may return only ${LEGAL.put.join(", ")}`);
    if (call.replies.length === 0) return this.fail(`${this.client}: ${describeCall(call)} returned ${err}, but ${unanswered(call)}`);
    const said = new Set(call.replies.map(errOf));
    const asked = `${this.client}: ${describeCall(call)} returned ${err}`;
    if (err === "ErrMaybe" && !resent) return this.fail(`${asked} after a single send; ErrMaybe is only for a put that was sent more than once`);
    if (err === "ErrVersion" && said.has("ErrVersion")) {
      return this.fail(`${asked} after ${call.sends} sends; a resent put that meets ErrVersion must return ErrMaybe (an earlier try may have applied)`);
    }
    const maybe = said.has("ErrVersion") && resent ? `, which after ${call.sends} sends means ErrMaybe` : "";
    this.fail(`${asked}, but ${repliesSaid(call, (reply) => String(errOf(reply)))}${maybe}`);
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
  if (typeof args !== "object" || args === null) return `with arguments ${quote(args)}`;
  const fields: Record<string, unknown> = call.op === "get" ? { key: call.key } : { key: call.key, value: call.value, version: call.version };
  const sent = args as Record<string, unknown>;
  const wrong = Object.keys(fields).filter((field) => sent[field] !== fields[field]);
  if (method !== call.op || wrong.length === 0) return quote(args);
  return `with ${wrong.map((field) => `${field} ${quote(sent[field])} instead of ${quote(fields[field])}`).join(", ")}`;
}

/** What a reply saying `err` allows a put to return: its own error, a resent put's ErrVersion as ErrMaybe. */
function allowedBy(err: unknown, resent: boolean): unknown {
  return err === "ErrVersion" && resent ? "ErrMaybe" : err;
}

/** True when a get's answer is what the reply `got` said (value and version count only with OK). */
function sameGet(answer: Partial<GetReply>, got: Partial<GetReply>): boolean {
  return answer.err === got.err && (got.err !== "OK" || (answer.value === got.value && answer.version === got.version));
}

function errOf(reply: unknown): unknown {
  return typeof reply === "object" && reply !== null ? (reply as { err?: unknown }).err : undefined;
}

function unanswered(call: OpenCall): string {
  return call.sends === 0 ? "it sent no RPC" : call.sends === 1 ? "its one RPC was not answered" : `none of its ${call.sends} RPCs was answered`;
}

/** What the replies a call received said, e.g. `the only reply it received said OK`. */
function repliesSaid(call: OpenCall, describe: (reply: unknown) => string): string {
  const said = [...new Set(call.replies.map(describe))];
  if (call.replies.length === 1) return `the only reply it received said ${said[0]}`;
  return `its ${call.replies.length} replies said only ${said.join(" or ")}`;
}
