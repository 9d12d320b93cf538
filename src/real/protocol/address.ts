import { isIP } from "node:net";

/** Where a server listens or a client connects. */
export interface Address {
  host: string;
  port: number;
}

export const DEFAULT_ADDRESS = "127.0.0.1:4000";

/**
 * Parses `IP:PORT`: an IPv4 address (`127.0.0.1:4000`) or a bracketed IPv6 one (`[::1]:4000`), and
 * a port from 0 to 65535 (0 asks the system for a free port). Host names are refused, so a typo
 * cannot make a server listen somewhere unexpected. Returns a message naming the problem instead
 * of an address when it does not parse.
 */
export function parseAddress(text: string): Address | string {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  const family = match?.[1] === undefined ? 4 : 6;
  if (host === undefined || isIP(host) !== family || !(port >= 0 && port <= 65535)) {
    return `${JSON.stringify(text)} is not an address: expected IP:PORT, e.g. 127.0.0.1:4000 or [::1]:4000`;
  }
  return { host, port };
}

/** The inverse of parseAddress: `127.0.0.1:4000` or `[::1]:4000`. */
export function formatAddress({ host, port }: Address): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}
