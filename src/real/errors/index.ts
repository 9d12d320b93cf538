/**
 * How the TCP service words a caught value ({@link errorMessage}): its servers, engines and
 * protocol, and the command lines that run them, say a failure the same way. A part with a face of
 * its own, so a command line uses it without widening the package's `kvlab/real` entry.
 */
export { errorMessage } from "./error-message.js";
