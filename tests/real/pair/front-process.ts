import type { ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { KvsClient } from "../../../src/real/client/index.js";
import type { Address, PairStatus } from "../../../src/real/protocol/index.js";
import { PROBE_EVERY_MS } from "../../../src/real/pair/index.js";
import { killProcess, processRunning } from "../../../src/real/pid.js";
import { start } from "../support/processes.js";

/** A kvs-front process started by a test, with its console and a view of both servers. */
export interface RunningPair {
  front: Address;
  child: ChildProcess;
  stdout(): string;
  /** Types a line at the front server's console. */
  type(line: string): void;
  /** Resolves with the exit status (or signal) of the front process this test started. */
  exited: Promise<number | string>;
}

/** Starts `kvs-front ARGS…` and resolves once both servers run (its stdout says so). */
export function startPair(args: string[], cwd: string): Promise<RunningPair> {
  const child = start("kvs-front", args, cwd, "pipe");
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.on("close", (code, signal) => resolve(code ?? signal ?? "?")));
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      stdout += d.toString();
      const listening = /listening on 127\.0\.0\.1:(\d+)/.exec(stdout);
      if (listening === null || !/data server pid (\d+)/.test(stdout)) return;
      resolve({ front: { host: "127.0.0.1", port: Number(listening[1]) }, child, stdout: () => stdout, type: (line) => child.stdin!.write(`${line}\n`), exited });
    });
    void exited.then((status) => reject(new Error(`kvs-front exited (${status}) before both servers ran:\n${stdout}\n${stderr}`)));
  });
}

/** The pair's status from its front server, retrying while the front server is down (being relaunched). */
export async function pairStatus(front: Address): Promise<PairStatus> {
  for (;;) {
    try {
      const client = await KvsClient.connect(front, { timeoutMs: 2_000 });
      try {
        const status = await client.status();
        return status;
      } finally {
        await client.close();
      }
    } catch {
      await sleep(50);
    }
  }
}

/** Waits until the pair's status satisfies `done` (the test's timeout bounds the wait). */
export async function statusWhen(front: Address, done: (status: PairStatus) => boolean): Promise<PairStatus> {
  for (;;) {
    const status = await pairStatus(front);
    if (done(status)) return status;
    await sleep(50);
  }
}

/** Waits until process `pid` has ended. */
export async function ended(pid: number): Promise<void> {
  while (processRunning(pid)) await sleep(20);
}

/**
 * Kills every process whose command line names `dir` (every pair server gets `--dir`), for afterEach:
 * all at once, so none relaunches another, and again until two rounds a probe period apart find
 * none, so a relaunch already under way is caught too. Linux: it reads /proc.
 */
export async function killPairsIn(dir: string): Promise<void> {
  for (let quiet = 0; quiet < 2; await sleep(2 * PROBE_EVERY_MS)) {
    const found = readdirSync("/proc").filter((name) => /^\d+$/.test(name) && commandLine(name).includes(dir)).map(Number);
    for (const pid of found) killProcess(pid);
    quiet = found.length === 0 ? quiet + 1 : 0;
  }
}

function commandLine(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return ""; // it ended while we looked
  }
}
