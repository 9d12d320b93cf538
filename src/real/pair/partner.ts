import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import { ClientError, KvsClient } from "../client/index.js";
import { formatAddress, type PairProcess } from "../protocol/index.js";
import { killProcess, processRunning } from "../pid.js";
import { errorMessage } from "../errors/index.js";

export interface PartnerOptions {
  /** What the partner is called in the log: "data server", "front server". */
  name: string;
  /** Starts a new partner process; resolves once it listens. */
  launch: () => Promise<PairProcess>;
  /** Stops a running partner in order (see `retire`); by default it is left running. */
  retire?: (partner: PairProcess) => Promise<void>;
  log: Logger;
}

/** How often the partner is checked. */
export const PROBE_EVERY_MS = 200;
/** How long a probe waits for its answer. */
const PROBE_TIMEOUT_MS = 1_000;
/** Probes in a row that may go unanswered before a running partner is taken for hung and killed. */
const MISSES_ALLOWED = 3;
/** Launches tried in a row before giving up on the partner. */
const LAUNCH_ATTEMPTS = 5;

/**
 * The other server of the pair, kept alive: checked every PROBE_EVERY_MS, relaunched when it is
 * gone. Gone means its process is not running (a kill is seen within one period), or it has not
 * answered MISSES_ALLOWED probes in a row (a hung server, which is then killed first, so two data
 * servers never share the backup). A relaunch is tried LAUNCH_ATTEMPTS times before giving up.
 *
 * The probe is the protocol's `where`: cheap for either server, and proof that it still serves. The
 * data server answers it only after a read of its engine, so one whose engine cannot read (closed,
 * failed) misses, and is replaced like a hung one. A full disk is no such failure: reads go on.
 *
 * A probe whose connection is refused or closed (`Disconnected`) is no miss: a partner that runs
 * and closes connections is not hung, and one whose --max-connections clients have filled closes
 * a new probe's connection at accept. Such a probe is tried again next period. The probe keeps its
 * connection while it is answered, so a flood of clients does not take its place.
 */
export class Partner {
  private process: PairProcess | null;
  private starting: Promise<PairProcess> | undefined;
  private probe: KvsClient | undefined;
  private misses = 0;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private gaveUp: Error | undefined;

  constructor(
    private readonly options: PartnerOptions,
    /** The partner already running (the one that launched this server), if any. */
    running?: PairProcess,
  ) {
    this.process = running ?? null;
  }

  /** The partner now: null while it is being launched. */
  get current(): PairProcess | null {
    return this.process;
  }

  /** Launches the partner unless it runs already, then starts watching it. */
  async start(): Promise<PairProcess> {
    const partner = this.process ?? (await this.relaunch());
    this.schedule();
    return partner;
  }

  /** The partner, waiting through a relaunch; rejects when relaunching it has failed. */
  ready(): Promise<PairProcess> {
    if (this.process !== null) return Promise.resolve(this.process);
    return this.gaveUp !== undefined ? Promise.reject(this.gaveUp) : (this.starting ?? this.relaunch());
  }

  /** Stops watching: the partner is no longer checked nor relaunched. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    void this.probe?.close();
  }

  /** Stops watching, then stops the partner itself (the front server's quit does this to the data server). */
  async retire(): Promise<void> {
    this.stop();
    if (this.process !== null) await this.options.retire?.(this.process);
  }

  private schedule(): void {
    // Unreferenced: the server's listener, not this timer, decides how long the process lives.
    if (!this.stopped) this.timer = setTimeout(() => void this.check().finally(() => this.schedule()), PROBE_EVERY_MS).unref();
  }

  private async check(): Promise<void> {
    const partner = this.process;
    if (partner === null || this.stopped) return;
    if (!processRunning(partner.pid)) {
      this.options.log.warn({ pid: partner.pid }, `${this.options.name} is gone; relaunching it`);
      await this.relaunch().catch(() => undefined); // logged there
      return;
    }
    try {
      this.probe ??= await KvsClient.connect(partner.address, { timeoutMs: PROBE_TIMEOUT_MS });
      await this.probe.where();
      this.misses = 0;
    } catch (error) {
      void this.probe?.close();
      this.probe = undefined;
      if (error instanceof ClientError && error.code === "Disconnected") return;
      if (++this.misses < MISSES_ALLOWED || this.stopped) return;
      this.options.log.warn({ pid: partner.pid }, `${this.options.name} does not answer; killing and relaunching it`);
      killProcess(partner.pid);
      await this.relaunch().catch(() => undefined);
    }
  }

  private relaunch(): Promise<PairProcess> {
    this.process = null;
    this.misses = 0;
    void this.probe?.close();
    this.probe = undefined;
    this.starting ??= this.launchWithRetries().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async launchWithRetries(): Promise<PairProcess> {
    let failure: unknown = new Error("it is no longer watched");
    for (let attempt = 1; attempt <= LAUNCH_ATTEMPTS && !this.stopped; attempt++) {
      try {
        this.process = await this.options.launch();
        this.options.log.info({ pid: this.process.pid, addr: formatAddress(this.process.address) }, `${this.options.name} running`);
        return this.process;
      } catch (error) {
        failure = error;
        this.options.log.error({ attempt, err: errorMessage(error) }, `${this.options.name} did not start`);
        await sleep(200 * attempt);
      }
    }
    this.stop();
    this.gaveUp = new Error(`the ${this.options.name} could not be started: ${errorMessage(failure)}`);
    throw this.gaveUp;
  }
}
