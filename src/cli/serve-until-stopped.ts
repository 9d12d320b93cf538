import type { Logger } from "pino";
import type { ProtocolServer } from "../real/server/index.js";
import { FAILED_EXIT } from "./exit-codes.js";
import { errorMessage } from "../real/errors/index.js";

/** How long a stopped server waits for its clients to close their ends before it exits anyway. */
const SHUTDOWN_GRACE_MS = 2_000;

/**
 * Serves until `server` stops (a `shutdown` request, or SIGINT/SIGTERM, each of which stops it
 * gracefully); a stop that failed is logged and makes the exit status 1. Resolves once stopped,
 * and then the process exits as soon as every connection has closed: every reply has been written,
 * and a client that keeps its end open longer than the grace period is not waited for.
 */
export async function serveUntilStopped(server: ProtocolServer, log: Logger, name: string): Promise<void> {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      log.info({ signal }, "signal received");
      void server.stop().catch(() => undefined); // reported below, through server.stopped
    });
  }
  await server.stopped.catch((error: unknown) => {
    log.fatal({ err: errorMessage(error) }, `${name} did not stop cleanly`);
    process.exitCode = FAILED_EXIT;
  });
  // The timer does not hold the process, which exits as soon as all connections have closed.
  setTimeout(() => process.exit(), SHUTDOWN_GRACE_MS).unref();
}
