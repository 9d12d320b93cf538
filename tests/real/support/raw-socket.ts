import { connect, type Socket } from "node:net";
import { FrameDecoder, type Address, type Response } from "../../../src/real/protocol/index.js";

/** A bare TCP connection for sending arbitrary bytes and reading the replies as they come. */
export class RawSocket {
  readonly replies: Response[] = [];
  readonly closed: Promise<void>;
  private readonly decoder = new FrameDecoder();
  private waiters: (() => void)[] = [];

  private constructor(private readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      for (const reply of this.decoder.push(chunk)) this.replies.push(reply as Response);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => socket.on("close", () => resolve()));
    socket.on("error", () => undefined);
  }

  static open(address: Address): Promise<RawSocket> {
    return new Promise((resolve, reject) => {
      const socket = connect(address.port, address.host, () => resolve(new RawSocket(socket)));
      socket.once("error", reject);
    });
  }

  send(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Resolves once `count` replies have arrived (the test's timeout bounds the wait). */
  async waitFor(count: number): Promise<Response[]> {
    while (this.replies.length < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.replies;
  }

  /** Ends this side of the connection: sends FIN, keeps reading. */
  end(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }
}
