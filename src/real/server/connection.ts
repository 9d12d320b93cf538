import type { Socket } from "node:net";
import type { Logger } from "pino";
import { FrameDecoder, internalError, ProtocolError, type Command, type Request, type Response } from "../protocol/index.js";
import { decodeRequest } from "../protocol/request-decoder.js";
import { ReplyWriter } from "../protocol/reply-writer.js";
import { errorMessage } from "../errors/index.js";
import { cut, PEER_TEXT_CHARS } from "../protocol/peer-text.js";
import { DEFAULT_LIMITS, UnfinishedFrames } from "./limits.js";

/** Requests one connection may have started and not yet seen replied before the server stops reading from it. */
export const MAX_IN_FLIGHT = 4096;
/**
 * Reply bytes one connection may have waiting (answered but not yet written to the socket, or in
 * the socket's buffer) before the server starts no more of its requests and stops reading from it.
 * A reply is never cut, so a connection holds at most this plus one reply (a value of up to 16 MiB).
 */
export const MAX_UNSENT_BYTES = 1 << 20;
/**
 * Gets one connection may have at an engine that answers later. A get's reply size is known only
 * once it is answered, so each get in flight is also charged, against MAX_UNSENT_BYTES, the largest
 * reply a get of this connection has had (the whole bound while it has had none): gets of large
 * values are started one at a time, and a connection never holds 32 unread 16 MiB replies.
 */
export const MAX_READS_IN_FLIGHT = 32;
/**
 * How long a connection the server has ended its side of may stay open: a client that keeps its
 * side open (the server allows half-open connections) is then destroyed, so it holds nothing.
 */
export const END_GRACE_MS = 5_000;

/** What a connection asks of the server for each request it reads. */
export type Dispatch = (request: Request) => Promise<Response>;

/**
 * A way to answer requests at once, without a promise each (kvs-server on an engine that applies
 * gets and sets synchronously). `answer` returns the response, or undefined to leave the request to
 * `dispatch`. A get's reply leaves as soon as the replies before it have; any other immediate reply
 * is a write's, sent only once `durable()` (one wait for all the writes started together) resolves.
 */
export interface Immediate {
  answer(request: Request): Response | undefined;
  durable(): Promise<void>;
}

/**
 * What a connection may hold: its share of the server's unfinished-frame bytes, the time a frame
 * may take, and the time its unsent replies may go without draining (DEFAULT_LIMITS' when not said).
 */
export interface ConnectionLimits {
  unfinished: UnfinishedFrames;
  frameTimeoutMs: number;
  writeTimeoutMs?: number;
}

interface Slot {
  /** The request's command, which tells the reply's shape; undefined for a protocol error. */
  cmd: Command | undefined;
  response?: Response;
  /** An immediate write's reply, due once the write is durable. */
  once?: Response;
}

/**
 * One client's connection. Requests are started as soon as they are read, so a pipelining client
 * keeps many in flight (and the engine can commit their writes together), but replies are written
 * in request order: a client may rely on the ids or on the order.
 *
 * What it holds is bounded, whatever the client does: requests are started only while fewer than
 * MAX_IN_FLIGHT are unreplied and fewer than MAX_UNSENT_BYTES of replies wait to be written (the
 * socket's write buffer counted), and not while the socket refuses more (`write()` returned false)
 * until it drains. Meanwhile the rest of what was read waits undecoded and the socket is not read,
 * so a client that sends and never reads fills its own buffers, not the server. A frame that takes
 * longer than the frame timeout from its first byte to its last, or that would take the server's
 * unfinished frames past their bound, closes the connection. Replies that the socket refuses
 * (`write()` returned false) and that do not drain within the write timeout close it too (logged):
 * a client that never reads holds the server's memory for that long at most. Once the server has
 * ended its side, a client that keeps its own open is destroyed after END_GRACE_MS.
 *
 * A protocol error (a bad frame, a request that does not parse) gets an error reply after the
 * replies already due, and then the connection is closed: nothing after a bad frame can be trusted
 * to start where a frame starts. Any other error while handling the connection is the server's
 * own: it is logged, answered `Internal`, and closes this connection only.
 */
export class Connection {
  /** Replaced, with the bytes it buffered, once the input is dropped. */
  private decoder = new FrameDecoder();
  private readonly slots: Slot[] = [];
  // Requests dispatched but not yet answered, except `shutdown`, which waits for all the others.
  private working = 0;
  private idleWaiters: (() => void)[] = [];
  private reading = true;
  private closing = false;
  /** Replies encoded and not yet written: they leave together at the end of the tick. */
  private readonly outgoing = new ReplyWriter();
  /** Immediate writes started since the last wait for durability. */
  private unsynced: Slot[] = [];
  /** Chunks read from the socket and not yet given to the decoder. */
  private readonly input: Buffer[] = [];
  /** The frames of the chunk being decoded, while starting its requests waits for room. */
  private frames: Generator<Buffer, void, undefined> | undefined;
  /** Estimated bytes of the replies in `slots`, answered and not yet encoded. */
  private held = 0;
  /** Gets dispatched and not yet answered. */
  private reads = 0;
  /** Estimated bytes of the largest reply a dispatched get has had; 0 before the first. */
  private largestRead = 0;
  /** socket.write() returned false, and 'drain' has not come yet. */
  private blocked = false;
  /** Within pump(), which must not start again from a reply it caused. */
  private pumping = false;
  /** Bytes of the unfinished frame, counted in `limits.unfinished`. */
  private unfinished = 0;
  private frameTimer: NodeJS.Timeout | undefined;
  /** Runs while the socket refuses more (`blocked`): the replies it holds must drain before it fires. */
  private writeTimer: NodeJS.Timeout | undefined;
  /** Runs from the end of the server's side until the client closes its own. */
  private endTimer: NodeJS.Timeout | undefined;
  /** Frames completed in the chunk being decoded. */
  private framesDone = 0;

  constructor(
    private readonly socket: Socket,
    private readonly dispatch: Dispatch,
    private readonly log: Logger,
    private readonly immediate?: Immediate,
    private readonly limits: ConnectionLimits = { unfinished: new UnfinishedFrames(DEFAULT_LIMITS.maxUnfinishedBytes), frameTimeoutMs: DEFAULT_LIMITS.frameTimeoutMs },
  ) {
    socket.setNoDelay(true);
    // Handlers are methods passed to guarded(), not closures made per call: see request-decoder.ts on tsx.
    socket.on("data", (chunk: Buffer) => this.guarded(this.receive, chunk));
    socket.on("drain", () => this.guarded(this.drained, undefined));
    socket.on("error", (error) => this.log.warn({ err: error.message }, "connection error"));
    // The server listens with allowHalfOpen, so a client that sends its requests and then ends its
    // side still gets every reply before the connection closes.
    socket.on("end", () => this.guarded(this.end, undefined));
    socket.on("close", () => {
      this.releaseFrame();
      clearTimeout(this.writeTimer);
      clearTimeout(this.endTimer);
    });
    // Once the server's side is ended and its replies written, the client has END_GRACE_MS to close its own.
    socket.on("finish", () => (this.endTimer = setTimeout(() => socket.destroy(), END_GRACE_MS).unref()));
  }

  /**
   * Reads no more from the socket (the server is stopping). The requests already read are still
   * started, and answered (`ShuttingDown` unless they were started before).
   */
  stopReading(): void {
    this.reading = false;
    this.socket.pause();
  }

  /** Resolves once every request in flight (but `shutdown`) has its reply written. */
  idle(): Promise<void> {
    if (this.working === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Closes the connection once every request read has been answered and every reply written. */
  end(): void {
    this.closing = true;
    this.flush();
  }

  private receive(chunk: Buffer): void {
    if (!this.reading) return;
    this.input.push(chunk);
    this.pump();
  }

  /** Whether another request may start: see the class's comment. */
  private room(): boolean {
    const unsent = this.held + this.outgoing.pending + this.socket.writableLength;
    const reserved = this.reads * (this.largestRead === 0 ? MAX_UNSENT_BYTES : this.largestRead);
    return !this.blocked && this.slots.length < MAX_IN_FLIGHT && this.reads < MAX_READS_IN_FLIGHT && unsent + reserved < MAX_UNSENT_BYTES;
  }

  /**
   * Starts the requests read, one at a time, while there is room; then reads more from the socket
   * only if everything read has been started and there is still room.
   */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.room()) {
        if (this.frames === undefined) {
          const chunk = this.input.shift();
          if (chunk === undefined) break;
          this.frames = this.decoder.bodies(chunk);
        }
        const next = this.frames.next();
        if (next.done === true) this.chunkDecoded();
        // One at a time: the requests before a bad one in the same chunk are still served.
        else {
          this.framesDone++;
          this.start(decodeRequest(next.value));
        }
      }
    } catch (error) {
      this.awaitDurable();
      this.pumping = false;
      this.fail(error);
      return;
    }
    this.awaitDurable();
    this.pumping = false;
    this.flush();
    if (!this.reading) return;
    if (this.frames === undefined && this.input.length === 0 && this.room()) {
      if (this.socket.isPaused()) this.socket.resume();
      if (this.unfinished > 0 && this.frameTimer === undefined) this.armFrameTimer();
    } else {
      this.socket.pause();
      // The frame is not late while it is the server that does not read it: the timeout starts over once it reads again.
      clearTimeout(this.frameTimer);
      this.frameTimer = undefined;
    }
  }

  /**
   * A chunk is decoded: what is left is the start of a frame. Counts it against the server's bound
   * on unfinished frames, and gives the frame the frame timeout from its first byte (a frame that
   * ended in this chunk means the one left began in it).
   */
  private chunkDecoded(): void {
    this.frames = undefined;
    const buffered = this.decoder.buffered;
    const { unfinished } = this.limits;
    if (!unfinished.resize(this.unfinished, buffered)) {
      throw new ProtocolError("Overloaded", `the server holds ${unfinished.limit} bytes of unfinished frames at most, across all connections; this connection's ${buffered} would pass that`);
    }
    const started = buffered > 0 && (this.unfinished === 0 || this.framesDone > 0);
    this.unfinished = buffered;
    if (buffered === 0) {
      clearTimeout(this.frameTimer);
      this.frameTimer = undefined;
    } else if (started || this.frameTimer === undefined) this.armFrameTimer();
    this.framesDone = 0;
  }

  private armFrameTimer(): void {
    clearTimeout(this.frameTimer);
    this.frameTimer = setTimeout(() => this.guarded(this.frameTimedOut, undefined), this.limits.frameTimeoutMs).unref();
  }

  /** The unfinished frame's time is up: the connection is closed (logged by fail, as every protocol error). */
  private frameTimedOut(): void {
    this.fail(new ProtocolError("FrameTimeout", `a frame must arrive whole within ${this.limits.frameTimeoutMs} ms of its first byte; ${this.unfinished} bytes came`));
  }

  private start(request: Request): void {
    const now = this.immediate?.answer(request);
    if (now !== undefined) {
      if (request.cmd === "get") this.slots.push({ cmd: request.cmd, response: this.counted(now) });
      else {
        const slot: Slot = { cmd: request.cmd, once: now };
        this.slots.push(slot);
        this.unsynced.push(slot);
      }
      return;
    }
    const slot: Slot = { cmd: request.cmd };
    this.slots.push(slot);
    const counted = request.cmd !== "shutdown";
    const read = request.cmd === "get";
    if (counted) this.working++;
    if (read) this.reads++;
    void this.dispatch(request).then((response) => {
      try {
        slot.response = this.counted(response);
        if (read) {
          this.reads--;
          this.largestRead = Math.max(this.largestRead, replyBytes(response));
        }
        if (counted) this.answered();
        else this.flush();
        if (this.waiting()) this.pump();
      } catch (error) {
        this.failSafely(error);
      }
    });
  }

  /** `response`, its size added to what the connection holds unsent. */
  private counted(response: Response): Response {
    this.held += replyBytes(response);
    return response;
  }

  /** One piece of work counted in `working` has its replies: wake `idle()` when none is left, and send. */
  private answered(): void {
    if (--this.working === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    this.flush();
  }

  /** Sends the immediate writes' replies once they are durable: one wait for all those started together. */
  private awaitDurable(): void {
    if (this.unsynced.length === 0) return;
    const writes = this.unsynced;
    this.unsynced = [];
    this.working++;
    const settle = (failure?: unknown): void => {
      try {
        if (failure !== undefined) this.log.error({ err: errorMessage(failure), writes: writes.length }, "writes did not become durable");
        for (const slot of writes) slot.response = this.counted(failure === undefined ? slot.once! : internalError(slot.once!.id!, failure));
        this.answered();
        if (this.waiting()) this.pump();
      } catch (error) {
        this.failSafely(error);
      }
    };
    this.immediate!.durable().then(() => settle(), settle);
  }

  /**
   * Ends the connection after a protocol error: its error reply follows the replies already due. Any
   * other error is a failure of the server's own while handling this peer's bytes (whatever it
   * sent, nothing it sends may stop the server): logged, answered `Internal`, and only this
   * connection is closed.
   */
  private fail(thrown: unknown): void {
    const error = thrown instanceof ProtocolError ? thrown : new ProtocolError("Internal", `the server failed handling this connection's requests: ${cut(errorMessage(thrown), PEER_TEXT_CHARS)}`);
    if (thrown === error) this.log.warn({ code: error.code, err: error.message, remote: this.socket.remoteAddress }, "protocol error; closing the connection");
    else this.log.error({ err: error.message, remote: this.socket.remoteAddress }, "failed handling a connection; closing it");
    this.reading = false;
    this.dropInput();
    this.slots.push({ cmd: undefined, response: this.counted({ id: error.id, error: { code: error.code, message: error.message } }) });
    this.closing = true;
    this.flush();
  }

  /** Forgets what was read and not started, and reads no more. */
  private dropInput(): void {
    this.socket.pause();
    this.input.length = 0;
    this.frames = undefined;
    this.decoder = new FrameDecoder();
    this.releaseFrame();
  }

  /** Gives back the unfinished frame's share of the server's bound, and its timer: the frame will never be read. */
  private releaseFrame(): void {
    clearTimeout(this.frameTimer);
    this.limits.unfinished.resize(this.unfinished, 0);
    this.unfinished = 0;
  }

  /**
   * Runs one of the connection's handlers: an error there is the server's own (see `fail`), and
   * thrown from a socket's callback it would stop the process. One that fails again while failing
   * destroys the connection.
   */
  private guarded<T>(handler: (this: Connection, arg: T) => void, arg: T): void {
    try {
      handler.call(this, arg);
    } catch (error) {
      this.failSafely(error);
    }
  }

  private failSafely(error: unknown): void {
    try {
      this.fail(error);
    } catch (again) {
      this.log.error({ err: cut(errorMessage(again), PEER_TEXT_CHARS) }, "failed closing a connection; destroying it");
      this.socket.destroy();
    }
  }

  private drained(): void {
    this.blocked = false;
    clearTimeout(this.writeTimer);
    this.writeTimer = undefined;
    this.pump();
  }

  /** Whether requests wait to be started, or the socket to be read again. */
  private waiting(): boolean {
    return this.frames !== undefined || this.input.length > 0 || (this.reading && this.socket.isPaused());
  }

  private readonly sendTick = (): void => this.guarded(this.send, undefined);

  private send(): void {
    const frames = this.outgoing.take();
    if (!this.socket.destroyed && !this.socket.write(frames)) this.refused();
    if (this.closing) this.flush();
    // The socket took them all: there may be room for the requests waiting.
    else if (!this.blocked && this.waiting()) this.pump();
  }

  /** The socket holds more than it takes: its replies must drain within the write timeout. */
  private refused(): void {
    this.blocked = true;
    this.writeTimer ??= setTimeout(() => this.guarded(this.writeTimedOut, undefined), this.writeTimeoutMs).unref();
  }

  /** The client has read too little for too long: no error reply could reach it, so the connection is destroyed. */
  private writeTimedOut(): void {
    this.log.warn({ unsent: this.socket.writableLength + this.outgoing.pending + this.held, writeTimeoutMs: this.writeTimeoutMs, remote: this.socket.remoteAddress }, "replies not read within the write timeout; closing the connection");
    this.reading = false;
    this.dropInput();
    this.socket.destroy();
  }

  private get writeTimeoutMs(): number {
    return this.limits.writeTimeoutMs ?? DEFAULT_LIMITS.writeTimeoutMs;
  }

  // Writes the replies that are due, in request order. The replies that become due in one tick
  // leave together, as one buffer in one write(2) at the end of the tick.
  private flush(): void {
    if (this.socket.destroyed) return;
    for (let slot = this.slots[0]; slot?.response !== undefined; slot = this.slots[0]) {
      this.slots.shift();
      if (this.outgoing.pending === 0) process.nextTick(this.sendTick);
      this.outgoing.add(slot.cmd, slot.response);
      this.held -= replyBytes(slot.response);
    }
    const unread = this.frames !== undefined || this.input.length > 0;
    if (this.closing && !unread && this.slots.length === 0 && this.outgoing.pending === 0) {
      this.socket.end();
      // Read and drop whatever the client still sends: closing a socket with unread data resets
      // it, and the client could lose the replies just written.
      this.reading = false;
      this.socket.resume();
    }
  }
}

/** About the bytes `response` takes encoded: a get's value, and a little for the rest. */
function replyBytes(response: Response): number {
  const ok = "ok" in response ? (response.ok as { value?: unknown } | null) : null;
  return 32 + (typeof ok?.value === "string" ? ok.value.length : 0);
}
