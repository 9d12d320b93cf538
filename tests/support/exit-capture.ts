import { vi } from "vitest";

/**
 * Runs `end`, a function that ends the program (it calls process.exit), with process.exit and
 * stderr caught: gives the status it exited with and what it wrote to stderr.
 */
export function exitOf(end: () => void): { status: number | undefined; stderr: string } {
  let stderr = "";
  const write = vi.spyOn(process.stderr, "write").mockImplementation((text) => ((stderr += String(text)), true));
  const exit = vi.spyOn(process, "exit").mockImplementation(((code?: number) => {
    throw Object.assign(new Error("exit"), { status: code });
  }) as never);
  try {
    end();
  } catch (thrown) {
    return { status: (thrown as { status?: number }).status, stderr };
  } finally {
    write.mockRestore();
    exit.mockRestore();
  }
  throw new Error("it returned instead of ending the program");
}
