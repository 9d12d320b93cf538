import { expect } from "vitest";
import { FormatError } from "../../../src/check/index.js";

/**
 * The message of the FormatError that `read` throws, asserted to be one line; the test fails if
 * `read` reads without an error or throws anything else.
 */
export function formatRefusal(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    expect(error.message).not.toContain("\n");
    return error.message;
  }
  throw new Error("read without an error");
}
