import { stripVTControlCharacters } from "node:util";
import { vi } from "vitest";

/**
 * Runs a command's handler in this process with stdout and stderr caught: gives what it printed
 * (without colours, whatever the terminal) and the exit status it decided (process.exitCode), which is then put back as it was.
 */
export async function captured(handler: () => Promise<void>): Promise<{ stdout: string; stderr: string; exitCode: number | undefined }> {
  let stdout = "";
  let stderr = "";
  const before = process.exitCode;
  const out = vi.spyOn(process.stdout, "write").mockImplementation((text) => ((stdout += String(text)), true));
  const err = vi.spyOn(process.stderr, "write").mockImplementation((text) => ((stderr += String(text)), true));
  try {
    process.exitCode = undefined;
    await handler();
    return { stdout: stripVTControlCharacters(stdout), stderr: stripVTControlCharacters(stderr), exitCode: process.exitCode === undefined ? undefined : Number(process.exitCode) };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = before;
  }
}
