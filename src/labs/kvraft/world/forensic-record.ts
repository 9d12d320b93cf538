import type { KvInput } from "../../../check/index.js";
import type { ApplyChannel, RaftPeer } from "../../raft/index.js";
import { RaftForensicRecord } from "../../raft/index.js";

/** A start() a server's layer called on its Raft peer, and what it answered. */
export interface StartSeen {
  timeMs: number;
  server: number;
  incarnation: number;
  command: unknown;
  index: number;
  term: number;
  isLeader: boolean;
}

/** A command a server's Raft peer sent up its apply channel. */
export interface ApplySeen {
  timeMs: number;
  server: number;
  incarnation: number;
  index: number;
  command: unknown;
}

/** One clerk call the tester made, and the message ids its clerk sent meanwhile, in order. */
export interface CallSeen {
  client: string;
  input: KvInput;
  callMs: number;
  messages: string[];
}

/** What the tester did to the group: a crash, a restart, a partition, a server cut off or connected. */
export interface FaultSeen {
  timeMs: number;
  kind: "crash" | "restart" | "partition" | "disconnect" | "connect";
  /** e.g. "partition server-0,server-1 | server-2", "server-2 crashed". */
  text: string;
  servers: number[];
}

/**
 * What a replicated KV run with `forensics` keeps for explaining a failure through both layers:
 * the Raft lab's record (every RPC a server handled, clerks' and Raft's alike, with arguments and
 * reply; each peer's terms and roles; what each counted committed), each start() and its answer,
 * each command applied per server, each clerk call's messages, and the tester's faults. Without
 * forensics the world keeps none of it and wraps nothing.
 */
export class KvRaftForensicRecord {
  readonly raft: RaftForensicRecord;
  readonly starts: StartSeen[] = [];
  readonly applies: ApplySeen[] = [];
  readonly calls: CallSeen[] = [];
  readonly faults: FaultSeen[] = [];
  /** Each clerk's call under way (a clerk serves one call at a time). */
  private readonly current = new Map<string, CallSeen>();

  constructor(private readonly now: () => number) {
    this.raft = new RaftForensicRecord(now);
  }

  /** A clerk call begins: the messages its clerk sends from now are its attempts. */
  beginCall(client: string, input: KvInput): void {
    const call: CallSeen = { client, input, callMs: this.now(), messages: [] };
    this.calls.push(call);
    this.current.set(client, call);
  }

  /** The message `id` left one of `client`'s ends. */
  sent(client: string, id: string): void {
    this.current.get(client)?.messages.push(id);
  }

  fault(kind: FaultSeen["kind"], servers: number[], text: string): void {
    this.faults.push({ timeMs: this.now(), kind, servers, text });
  }

  /** The peer as the layer above sees it: the same peer, its start() answers recorded (and the peer sampled after). */
  observedPeer(server: number, incarnation: number, peer: RaftPeer): RaftPeer {
    const start = (command: unknown) => {
      const result = peer.start(command);
      this.starts.push({ timeMs: this.now(), server, incarnation, command, index: result.index, term: result.term, isLeader: result.isLeader });
      this.raft.sample(server, incarnation, peer);
      return result;
    };
    return new Proxy(peer, {
      get: (target, property) => {
        if (property === "start") return start;
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  /** The apply channel as the Raft peer sees it: each command sent up it recorded first. */
  observedChannel(server: number, incarnation: number, channel: ApplyChannel): ApplyChannel {
    const send: ApplyChannel["send"] = (msg) => {
      if ("commandValid" in msg && msg.commandValid) this.applies.push({ timeMs: this.now(), server, incarnation, index: msg.commandIndex, command: msg.command });
      return channel.send(msg);
    };
    return channel.close ? { send, close: () => channel.close!() } : { send };
  }
}
