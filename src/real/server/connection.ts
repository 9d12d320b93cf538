import type { Socket } from "node:net";
import type { Logger } from "pino";
import { FrameDecoder, internalError, ProtocolError, type Command, type Request, type Response } from "../protocol/index.js";
import { decodeRequest } from "../protocol/request-decoder.js";
import { ReplyWriter } from "../protocol/reply-writer.js";
import { errorMessage } from "../error-message.js";
import { cut, PEER_TEXT_CHARS } from "../protocol/peer-text.js";

/** Requests one connection may have in flight before the server stops reading from it. */
export const MAX_IN_FLIGHT = 4096;

/** What a connection asks of the server for each request it reads. */
export type Dispatch = (request: Request) => Promise<Response>;

/**
 * A way to answer requests at once, without a promise each (kvs-server on an engine that applies
 * gets and sets synchronously). `answer` returns the response, or undefined to leave the request to
 * `dispatch`. A get's reply leaves as soon as the replies before it have; any other immediate reply
 * is a write's, sent only once `durable()` (one wait for all the writes of a socket read) resolves.
 */
export interface Immediate {
  answer(request: Request): Response | undefined;
  durable(): Promise<void>;
}

interface Slot {
  /** The request's command, which tells the reply's shape; undefined for a protocol error. */
  cmd: Command | undefined;
  response?: Response;
  /** An immediate write's reply, due once the write is durable. */
  once?: Response;
}

/**
 * One client's connection. Requests are dispatched as soon as they are read, so a pipelining
 * client keeps many in flight (and the engine can commit their writes together), but replies are
 * written in request order: a client may rely on the ids or on the order.
 *
 * A protocol error (a bad frame, a request that does not parse) gets an error reply after the
 * replies already due, and then the connection is closed: nothing after a bad frame can be trusted
 * to start where a frame starts.
 */
export class Connection {
  private readonly decoder = new FrameDecoder();
  private readonly slots: Slot[] = [];
  // Requests dispatched but not yet answered, except `shutdown`, which waits for all the others.
  private working = 0;
  private idleWaiters: (() => void)[] = [];
  private reading = true;
  private closing = false;
  /** Replies encoded and not yet written: they leave together at the end of the tick. */
  private readonly outgoing = new ReplyWriter();
  /** Immediate writes of the socket read under way, waiting for one `durable()`. */
  private unsynced: Slot[] = [];

  constructor(
    private readonly socket: Socket,
    private readonly dispatch: Dispatch,
    private readonly log: Logger,
    private readonly immediate?: Immediate,
  ) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.on("error", (error) => this.log.warn({ err: error.message }, "connection error"));
    // The server listens with allowHalfOpen, so a client that sends its requests and then ends its
    // side still gets every reply before the connection closes.
    socket.on("end", () => this.end());
  }

  /** Stops taking requests (the server is stopping); those in flight still get their replies. */
  stopReading(): void {
    this.reading = false;
    this.socket.pause();
  }

  /** Resolves once every request in flight (but `shutdown`) has its reply written. */
  idle(): Promise<void> {
    if (this.working === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Closes the connection once every reply due has been written. */
  end(): void {
    this.closing = true;
    this.flush();
  }

  private receive(chunk: Buffer): void {
    if (!this.reading) return;
    try {
      // One at a time: the requests before a bad one in the same chunk are still served.
      for (const body of this.decoder.bodies(chunk)) this.start(decodeRequest(body));
    } catch (error) {
      this.awaitDurable();
      this.fail(error);
      return;
    }
    this.awaitDurable();
    this.flush(); // the immediate gets' replies
    if (this.slots.length >= MAX_IN_FLIGHT) this.socket.pause();
  }

  private start(request: Request): void {
    const now = this.immediate?.answer(request);
    if (now !== undefined) {
      if (request.cmd === "get") this.slots.push({ cmd: request.cmd, response: now });
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
    if (counted) this.working++;
    void this.dispatch(request).then((response) => {
      slot.response = response;
      if (counted) this.answered();
      else this.flush();
    });
  }

  /** One piece of work counted in `working` has its replies: wake `idle()` when none is left, and send. */
  private answered(): void {
    if (--this.working === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    this.flush();
  }

  /** Sends the immediate writes' replies once they are durable: one wait for the whole socket read. */
  private awaitDurable(): void {
    if (this.unsynced.length === 0) return;
    const writes = this.unsynced;
    this.unsynced = [];
    this.working++;
    const settle = (failure?: unknown): void => {
      if (failure !== undefined) this.log.error({ err: errorMessage(failure), writes: writes.length }, "writes did not become durable");
      for (const slot of writes) slot.response = failure === undefined ? slot.once : internalError(slot.once!.id!, failure);
      this.answered();
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
    this.socket.pause();
    this.slots.push({ cmd: undefined, response: { id: error.id, error: { code: error.code, message: error.message } } });
    this.closing = true;
    this.flush();
  }

  private send(): void {
    const frames = this.outgoing.take();
    if (!this.socket.destroyed) this.socket.write(frames);
    if (this.closing) this.flush();
  }

  // Writes the replies that are due, in request order. The replies that become due in one tick
  // leave together, as one buffer in one write(2) at the end of the tick.
  private flush(): void {
    if (this.socket.destroyed) return;
    for (let slot = this.slots[0]; slot?.response !== undefined; slot = this.slots[0]) {
      this.slots.shift();
      if (this.outgoing.pending === 0) process.nextTick(() => this.send());
      this.outgoing.add(slot.cmd, slot.response);
    }
    if (this.closing && this.slots.length === 0 && this.outgoing.pending === 0) {
      this.socket.end();
      // Read and drop whatever the client still sends: closing a socket with unread data resets
      // it, and the client could lose the replies just written.
      this.socket.resume();
    } else if (this.reading && this.socket.isPaused() && this.slots.length < MAX_IN_FLIGHT / 2) this.socket.resume();
  }
}
