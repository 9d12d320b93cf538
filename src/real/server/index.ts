/** The kvs server: the protocol over TCP on one engine, with graceful shutdown. */
export { KvsServer } from "./server.js";
