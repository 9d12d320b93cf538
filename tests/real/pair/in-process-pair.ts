import { createServer, connect, type Server, type Socket } from "node:net";
import { pino } from "pino";
import { FrontServer, Partner } from "../../../src/real/pair/index.js";
import type { Address } from "../../../src/real/protocol/index.js";
import { KvsServer } from "../../../src/real/server/index.js";
import { MemoryEngine } from "../support/memory-engine.js";

/**
 * A front and a data server in this process, with a proxy between clients and the data server
 * that can lose a request or a reply: the API's semantics without processes, and its behaviour
 * when a connection dies mid-call.
 */
export class InProcessPair {
  readonly engine = new MemoryEngine();
  front!: Address;
  // Replies still to forward before one is lost (the connection dropped instead): -1 loses none.
  private repliesBeforeLoss = -1;
  private loseRequest = false;
  /** Bytes clients have sent to the data server. */
  requestBytes = 0;
  private readonly data = new KvsServer(this.engine, pino({ level: "silent" }));
  private frontServer!: FrontServer;
  private proxy!: Server;
  private readonly sockets = new Set<Socket>();

  /** Drops the connection instead of forwarding the next request: it never arrives. */
  loseNextRequest(): void {
    this.loseRequest = true;
  }

  /** Forwards `after` replies, then drops the connection instead of the next: it was applied, unanswered. */
  loseReply(after = 0): void {
    this.repliesBeforeLoss = after;
  }

  static async start(): Promise<InProcessPair> {
    const pair = new InProcessPair();
    const dataAddress = await pair.data.listen({ host: "127.0.0.1", port: 0 });
    const proxyAddress = await pair.startProxy(dataAddress);
    const partner = new Partner({ name: "data server", log: pino({ level: "silent" }), launch: () => Promise.reject(new Error("not relaunched here")) }, { pid: process.pid, address: proxyAddress });
    pair.frontServer = new FrontServer(partner, pino({ level: "silent" }));
    pair.front = await pair.frontServer.listen({ host: "127.0.0.1", port: 0 });
    return pair;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.proxy.close();
    await this.frontServer.stop();
    await this.data.stop();
  }

  private startProxy(upstream: Address): Promise<Address> {
    this.proxy = createServer((client) => {
      const server = connect(upstream.port, upstream.host);
      for (const socket of [client, server]) {
        this.sockets.add(socket);
        socket.on("error", () => undefined);
        socket.on("close", () => {
          this.sockets.delete(socket);
          client.destroy();
          server.destroy();
        });
      }
      client.on("data", (chunk: Buffer) => {
        this.requestBytes += chunk.length;
        if (this.loseRequest) {
          this.loseRequest = false;
          client.destroy();
        } else server.write(chunk);
      });
      server.on("data", (chunk: Buffer) => {
        if (this.repliesBeforeLoss-- === 0) client.destroy();
        else client.write(chunk);
      });
    });
    return new Promise((resolve) => this.proxy.listen(0, "127.0.0.1", () => resolve({ host: "127.0.0.1", port: (this.proxy.address() as { port: number }).port })));
  }
}
