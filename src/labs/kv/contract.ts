import type { ClientEnd, LabEnv } from "../../../labnet/index.js";

export type { ClientEnd, LabEnv };

/** What a server or clerk answers. `ErrMaybe` comes only from a clerk, never from a server. */
export type Err = "OK" | "ErrNoKey" | "ErrVersion" | "ErrMaybe";

export interface GetArgs {
  key: string;
}
export interface GetReply {
  value: string;
  version: number;
  err: Err;
}
export interface PutArgs {
  key: string;
  value: string;
  version: number;
}
export interface PutReply {
  err: Err;
}

/**
 * The server's RPC methods, called as "get" and "put". Rules: `put(k, v, 0)` on a missing key
 * creates it at version 1; `put` on a missing key with version > 0 is `ErrNoKey`; a version that
 * does not match is `ErrVersion`; a matching one installs the value and bumps the version.
 * `get` of a missing key is `ErrNoKey`. The server keeps no per-client state.
 */
export interface KVService {
  get(args: GetArgs): GetReply | Promise<GetReply>;
  put(args: PutArgs): PutReply | Promise<PutReply>;
}

/**
 * The client library. `get` and `put` retry lost RPCs until answered; a put answered
 * `ErrVersion` on a *retried* RPC returns `ErrMaybe`, since the lost first try may have applied.
 */
export interface Clerk {
  get(key: string): Promise<GetReply>;
  put(key: string, value: string, version: number): Promise<Err>;
}

/** A lock built only on a clerk's get and put; locks with different names are independent. */
export interface Lock {
  acquire(): Promise<void>;
  release(): Promise<void>;
}

/**
 * What `kvlab test --impl ./my-kv.ts` loads: the module's default export.
 *
 * @example
 * const impl: KVImplementation = {
 *   name: "my-kv",
 *   createServer: (env) => new MyServer(),
 *   createClerk: (end, env) => new MyClerk(end, env),
 *   createLock: (clerk, name, env) => new MyLock(clerk, name, env),
 * };
 * export default impl;
 */
export interface KVImplementation {
  name?: string;
  createServer(env: LabEnv): KVService;
  createClerk(end: ClientEnd, env: LabEnv): Clerk;
  createLock?(clerk: Clerk, name: string, env: LabEnv): Lock;
}
