import { type KVTable, applyGet, applyPut } from "../../kv/index.js";
import type { Bytes, GetArgs, PutArgs, StateMachine } from "../contract.js";

/** What the replicated KV server submits: a get or a put, with the KV lab's arguments. */
export type KVOp = ({ op: "get" } & GetArgs) | ({ op: "put" } & PutArgs);

/**
 * The KV table as the rsm replicates it: each committed get or put applied with the KV lab's rules
 * (applyGet, applyPut) at apply time, so a version is checked against the state every peer has at
 * that point of the log, not against what the leader saw when the request came in. Its snapshot is
 * the table alone, as compact JSON triples: one small key takes a few dozen bytes.
 *
 * @example
 * const sm = new KVStateMachine();
 * sm.doOp({ op: "put", key: "x", value: "1", version: 0 }); // { err: "OK" }
 * sm.snapshot();                                            // '[["x","1",1]]'
 */
export class KVStateMachine implements StateMachine {
  private table: KVTable = new Map();

  doOp(req: unknown): unknown {
    const op = req as KVOp;
    return op.op === "get" ? applyGet(this.table, op) : applyPut(this.table, op);
  }

  snapshot(): Bytes {
    return JSON.stringify([...this.table].map(([key, { value, version }]) => [key, value, version]));
  }

  restore(snapshot: Bytes): void {
    const text = typeof snapshot === "string" ? snapshot : new TextDecoder().decode(snapshot);
    const triples = JSON.parse(text) as [string, string, number][];
    this.table = new Map(triples.map(([key, value, version]) => [key, { value, version }]));
  }
}
