import { KvRaftFixture } from "./fixture.js";
import { INC, NULL, goType, type CounterOp, type CounterReply } from "./rsm-service.js";

/** The rsm tests' NSEC: how long onePartition keeps trying, in seconds. */
export const NSEC = 10;

/**
 * The rsm tests' helpers (the course's kvraft1/rsm/test.go) over the fixture: submitting in-process
 * to whichever connected server leads, and checking every server's counter. They sleep in virtual
 * time; tester goroutines (spawn) may call them concurrently.
 */
export class RsmWorld extends KvRaftFixture {
  /** The server that last committed a submit (the course's ts.leader), where the next try starts. */
  private cachedLeader = 0;

  /**
   * The course's onePartition: for up to NSEC seconds, round-robin from the cached leader over the
   * connected servers in `p` (null: any), calling their rsm's submit(req) in-process; the first OK's
   * reply (what Submit answered, even undefined), or undefined when none came (or the test has finished).
   */
  async onePartition(p: readonly number[] | null, req: CounterOp): Promise<{ reply: unknown } | undefined> {
    const t0 = this.testerEnv.now();
    while (this.testerEnv.now() - t0 < NSEC * 1000 && !this.finished) {
      let index = this.cachedLeader;
      for (let k = 0; k < this.n; k++) {
        const rsm = this.services[index]?.rsm;
        if (this.isConnected(index) && rsm && (p === null || p.includes(index))) {
          const result = await rsm.submit(req);
          if (result?.err === "OK") {
            this.cachedLeader = index;
            this.net.countOperation();
            return { reply: result.value };
          }
        }
        index = (index + 1) % this.n;
      }
      await this.testerEnv.sleep(50);
    }
    return undefined;
  }

  /**
   * The course's oneInc: Inc{} committed through some leader, and its reply. Where the course's
   * r.N would dereference nil (no leader within NSEC), the run fails saying so.
   */
  async oneInc(): Promise<{ n: number }> {
    const committed = await this.onePartition(null, INC);
    if (committed === undefined && !this.finished) this.fatal(`oneInc: Inc was not committed within ${NSEC} seconds (runtime error: invalid memory address or nil pointer dereference)`);
    return committed === undefined ? { n: 0 } : this.expectReply(committed.reply, "IncRep");
  }

  /** The course's oneNull: Null{} committed through some leader; undefined when none did within NSEC. */
  async oneNull(): Promise<CounterReply | undefined> {
    const committed = await this.onePartition(null, NULL);
    return committed === undefined ? undefined : this.expectReply(committed.reply, "NullRep");
  }

  /**
   * The reply as the type the request's doOp returns, else the course's failed type assertion
   * (Submit must return exactly what doOp produced for this request).
   */
  expectReply<K extends CounterReply["kind"]>(reply: unknown, kind: K): Extract<CounterReply, { kind: K }> {
    if ((reply as { kind?: unknown } | null)?.kind !== kind) {
      const type = goType(reply);
      this.fatal(`interface conversion: interface {} is ${type.startsWith("rsm.") ? `*${type}` : type}, not *rsm.${kind}`);
    }
    return reply as Extract<CounterReply, { kind: K }>;
  }

  /** The course's checkCounter: until `nsrv` servers' counters are `v` (30 polls, the sleep doubling from 10 ms to past 1 s). */
  async checkCounter(v: number, nsrv: number): Promise<void> {
    let to = 10;
    let n = 0;
    for (let iters = 0; iters < 30; iters++) {
      n = this.countValue(v);
      if (n >= nsrv) return;
      await this.testerEnv.sleep(to);
      if (to < 1000) to *= 2;
    }
    this.fatal(`checkCounter: only ${n} srvs have ${v} instead of ${nsrv}`);
  }

  /** Servers whose counter is `v`, crashed ones' as they were. */
  countValue(v: number): number {
    return this.services.filter((service) => service.counter === v).length;
  }

  /** The course's disconnectLeader: disconnects the cached leader and returns it. */
  disconnectLeader(): number {
    this.disconnectAll(this.cachedLeader);
    return this.cachedLeader;
  }
}
