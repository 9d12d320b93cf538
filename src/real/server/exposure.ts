import { timingSafeEqual, createHash } from "node:crypto";
import { BlockList, isIP } from "node:net";
import type { Logger } from "pino";
import { formatAddress, ProtocolError, type Address } from "../protocol/index.js";

/** The environment variable a server reads its shutdown token from (and passes to the servers it launches). */
export const SHUTDOWN_TOKEN_ENV = "KVS_SHUTDOWN_TOKEN";

/**
 * Whether `host` is a loopback address (127.0.0.0/8, ::1, or 127.x mapped into IPv6): reachable
 * from this machine only. The wildcard addresses (0.0.0.0, ::) are not: they listen on every
 * interface.
 */
export function isLoopback(host: string): boolean {
  const family = isIP(host);
  return family !== 0 && LOOPBACK.check(host, family === 6 ? "ipv6" : "ipv4");
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

/**
 * Who may stop a server with `shutdown`. With a token, whoever sends it, from anywhere. Without one,
 * anyone on a server bound to loopback (only this machine's processes reach it; the default), and
 * nobody on a server bound beyond it: a host on the network must not be able to stop it, so such a
 * server stops by a signal only, unless its operator sets a token.
 */
export class ShutdownGuard {
  private exposed = false;

  constructor(
    private readonly token: string | undefined,
    private readonly log: Logger,
  ) {}

  /** Records where the server listens; warns, in one line, when it is beyond loopback. */
  bound(address: Address): void {
    this.exposed = !isLoopback(address.host);
    if (!this.exposed) return;
    const addr = formatAddress(address);
    const shutdown = this.token === undefined ? `shutdown is refused (no ${SHUTDOWN_TOKEN_ENV} or --shutdown-token; stop it with SIGTERM)` : "shutdown needs the token";
    this.log.warn({ addr, exposed: true }, `listening on ${addr}, beyond loopback: any host that can reach it can send it every command (read and write every key), without authentication or encryption; ${shutdown}`);
  }

  /** Throws `Unauthorized` (and logs it) unless a shutdown carrying `token` may stop the server. */
  check(token: unknown, id: number, remote: string): void {
    const refusal = this.refusal(token);
    if (refusal === undefined) return;
    this.log.warn({ remote, reason: refusal }, "shutdown refused");
    throw new ProtocolError("Unauthorized", `shutdown refused: ${refusal}`, id);
  }

  private refusal(token: unknown): string | undefined {
    if (this.token === undefined) return this.exposed ? "the server listens beyond loopback and has no shutdown token; stop it with a signal" : undefined;
    if (token === undefined) return "the server requires a shutdown token and none was sent";
    if (typeof token !== "string" || !sameSecret(token, this.token)) return "wrong shutdown token";
    return undefined;
  }
}

/** Compares two secrets in time independent of where they differ (their digests, so lengths may differ). */
function sameSecret(a: string, b: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(a), digest(b));
}
