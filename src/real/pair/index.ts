/**
 * The front/data pair: a front server that hands clients to a data server, each watching the other
 * and relaunching it, and the client API (a store handle, and integer descriptors) that goes
 * through them and survives a relaunch. docs/pair.md describes the design.
 *
 * @example
 * import { PairStore } from "kvlab/real";
 * const store = await PairStore.connect("127.0.0.1", 9999); // a running `kvs-front`
 * await store.write(1, Buffer.from("one"), true);
 */
export { PairStore, type WriteResult, type DeleteResult, type ReadResult, type StoreOptions } from "./store.js";
export { kvConnect, kvWrite, kvRead, kvDelete, kvClose, kvLastError, KV_OK, KV_ERROR, KV_EXISTS, KV_MISSING } from "./descriptors.js";
export { FrontServer, stopDataServer } from "./front-server.js";
export { Partner, PROBE_EVERY_MS, type PartnerOptions } from "./partner.js";
export { launch, announce, type PairRole } from "./launch.js";
