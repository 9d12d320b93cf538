import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { parseAddress, type Address } from "../../../src/real/protocol/index.js";

const repo = join(import.meta.dirname, "..", "..", "..");

export interface Finished {
  status: number | null;
  stdout: string;
  stderr: string;
}

// Every process a test starts, so `killAll` can clean up whatever a failing test left running.
const running = new Set<ChildProcess>();

/**
 * Starts one of the CLIs from source; `stdin` "pipe" gives the test its console. With `openFiles`,
 * under that limit on open files (through util-linux's prlimit, which execs it: the pid is the CLI's).
 */
export function start(cli: "kvs-server" | "kvs-client" | "kvs-front", args: string[], cwd: string, stdin: "ignore" | "pipe" = "ignore", openFiles?: number): ChildProcess {
  // From source through tsx, so the tests need no build; tsx by its full URL, since the process
  // runs in a temporary directory where `--import tsx` would not be found.
  const command = [process.execPath, "--import", import.meta.resolve("tsx"), join(repo, "src", "cli", `${cli}.ts`), ...args];
  if (openFiles !== undefined) command.unshift("prlimit", `--nofile=${openFiles}:${openFiles}`);
  const child = spawn(command[0]!, command.slice(1), { cwd, stdio: [stdin, "pipe", "pipe"] });
  running.add(child);
  child.on("exit", () => running.delete(child));
  return child;
}

function collect(child: ChildProcess): Promise<Finished> {
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** Runs `kvs-client ARGS…` to completion. */
export function kvsClient(args: string[], cwd = repo): Promise<Finished> {
  return collect(start("kvs-client", args, cwd));
}

/** Runs a server's CLI until it exits by itself (for the runs that must refuse to start). */
export function runUntilExit(cli: "kvs-server" | "kvs-front", args: string[], cwd: string): Promise<Finished> {
  return collect(start(cli, args, cwd));
}

/** A kvs-server child process that has logged that it is listening. */
export interface RunningServer {
  pid: number;
  address: Address;
  /** `--addr` for a client: the address the server actually bound. */
  addr: string;
  /** Everything the server has written to stderr so far. */
  stderr(): string;
  /** Resolves with the exit status (or the signal's name) once the process has exited. */
  exited: Promise<number | string>;
  kill(signal?: NodeJS.Signals): Promise<number | string>;
}

/**
 * Starts `kvs-server ARGS…` and resolves once its log says where it listens (readiness, not a
 * timing threshold: the test's timeout bounds the wait). Rejects if the server exits first.
 */
export function startServer(args: string[], cwd: string, openFiles?: number): Promise<RunningServer> {
  const child = start("kvs-server", args, cwd, "ignore", openFiles);
  let stderr = "";
  // "close", not "exit": by then stderr has been read to the end.
  const exited = new Promise<number | string>((resolve) => child.on("close", (code, signal) => resolve(code ?? signal ?? "?")));
  return new Promise((resolve, reject) => {
    child.stdout!.resume();
    child.stderr!.on("data", (d: Buffer) => {
      stderr += d.toString();
      const addr = /"addr":"([^"]+)"/.exec(stderr)?.[1];
      const address = addr === undefined ? undefined : parseAddress(addr);
      if (addr === undefined || typeof address !== "object") return;
      resolve({
        pid: child.pid!,
        address,
        addr,
        stderr: () => stderr,
        exited,
        kill: (signal = "SIGKILL") => {
          child.kill(signal);
          return exited;
        },
      });
    });
    void exited.then((status) => reject(new Error(`kvs-server exited (${status}) before listening:\n${stderr}`)));
  });
}

/** Kills every process a test started and has not seen exit (for afterEach). */
export async function killAll(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill("SIGKILL");
        }),
    ),
  );
}
