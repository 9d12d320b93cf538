import { describe, expect, it } from "vitest";
import { DeadlockError, Network, Server, Simulation, TaskFailedError, TimeLimitError, TraceLimitError } from "../../labnet/index.js";
import { failRunningSimulation } from "../../labnet/diagnostics/index.js";

describe("labnet simulation: virtual clock and tasks", () => {
  it("sleeps advance virtual time exactly, without real waiting", async () => {
    const sim = new Simulation({ seed: 1 });
    const times: number[] = [];
    sim.spawn("sleeper", async (env) => {
      for (const ms of [250, 0, 1000.5]) {
        await env.sleep(ms);
        times.push(env.now());
      }
    });
    const result = await sim.run();
    expect(times).toEqual([250, 250, 1250.5]);
    expect(result).toMatchObject({ timeMs: 1250.5, finished: true });
  });

  it("tasks that wake at the same instant run in an order the seed decides", async () => {
    const orderFor = async (seed: number) => {
      const sim = new Simulation({ seed });
      const order: string[] = [];
      for (const name of ["a", "b", "c", "d", "e"]) {
        sim.spawn(name, async (env) => {
          await env.sleep(10);
          order.push(name);
        });
      }
      await sim.run();
      return order.join("");
    };
    const orders = new Set<string>();
    for (let seed = 0; seed < 20; seed++) orders.add(await orderFor(seed));
    expect(orders.size).toBe(18);
    expect(await orderFor(7)).toBe("acebd");
    expect(await orderFor(7)).toBe("acebd"); // and again: the seed alone decides
  });

  it("a task that waits on nothing the simulation can wake is a deadlock naming the task", async () => {
    const sim = new Simulation({ seed: 1 });
    sim.spawn("client-1", async (env) => {
      await env.sleep(5);
      await new Promise(() => {});
    });
    sim.spawn("client-2", (env) => env.sleep(1));
    const error = await sim.run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlockError);
    expect((error as DeadlockError).message).toMatch(/^deadlock at 5ms: no event is pending, but client-1 never finished/);
    expect((error as DeadlockError).tasks).toEqual(["client-1"]);
  });

  it("a task that never stops fails at the virtual time limit instead of hanging", async () => {
    const sim = new Simulation({ seed: 1, timeLimitMs: 2000 });
    sim.spawn("spinner", async (env) => {
      for (;;) await env.sleep(100);
    });
    const error = await sim.run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeLimitError);
    expect((error as Error).message).toContain("virtual time limit of 2000ms reached with tasks still running: spinner");
  });

  it("a loop that waits zero time forever is caught as time standing still", async () => {
    const sim = new Simulation({ seed: 1 });
    sim.spawn("zero-sleeper", async (env) => {
      for (;;) await env.sleep(0);
    });
    await expect(sim.run()).rejects.toThrow(/time stands still: over 1000000 events at 0ms/);
  });

  it("a failing task ends the run at once, naming the task and the virtual time", async () => {
    const sim = new Simulation({ seed: 1 });
    let otherKeptRunning = false;
    sim.spawn("client-1", async (env) => {
      await env.sleep(10);
      throw new Error("Put err ErrVersion");
    });
    sim.spawn("client-2", async (env) => {
      await env.sleep(20);
      otherKeptRunning = true;
    });
    const error = await sim.run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect((error as TaskFailedError).message).toBe("client-1 failed at 10.000ms: Put err ErrVersion");
    expect((error as TaskFailedError).cause).toBeInstanceOf(Error);
    expect(otherKeptRunning).toBe(false);
  });

  it("daemons do not keep a run alive; the run ends when the client tasks end", async () => {
    const sim = new Simulation({ seed: 1 });
    let ticks = 0;
    sim.spawn("ticker", async (env) => {
      for (;;) {
        await env.sleep(10);
        ticks++;
      }
    }, { daemon: true });
    sim.spawn("client", (env) => env.sleep(55));
    const result = await sim.run();
    expect(result.timeMs).toBe(55);
    expect(ticks).toBe(5);
  });

  it("a run can pause at a virtual instant and go on after a fault is injected", async () => {
    const sim = new Simulation({ seed: 1 });
    const net = new Network(sim);
    net.addServer("s", () => Server.of({ ping: () => ({ ok: true }) }));
    const end = net.makeEnd("c", { to: "s" });
    const replies: unknown[] = [];
    sim.spawn("c", async (env) => {
      for (let i = 0; i < 4; i++) {
        replies.push(await end.call("ping", {}));
        await env.sleep(100);
      }
    });
    expect((await sim.run({ untilMs: 150 })).finished).toBe(false);
    net.crash("s");
    expect((await sim.run()).finished).toBe(true);
    expect(replies).toEqual([{ ok: true }, { ok: true }, undefined, undefined]);
  });

  it("rejects a bad sleep, a duplicate task name and overlapping runs", async () => {
    const sim = new Simulation({ seed: 1 });
    sim.spawn("t", (env) => env.sleep(Number.NaN));
    expect(() => sim.spawn("t", () => {})).toThrow('a task named "t" already exists');
    const first = sim.run();
    await expect(sim.run()).rejects.toThrow("already running");
    await expect(first).rejects.toThrow("t: sleep(NaN): the duration must be a finite number ≥ 0");
  });
});

describe("Simulation.dropEnv", () => {
  it("forgets an actor's env: the object is no longer handed out, and a new one for that name starts its stream over", () => {
    const sim = new Simulation({ seed: 4 });
    const env = sim.env("clerk-1");
    const draws = [env.random(), env.random()];
    expect(sim.env("clerk-1")).toBe(env);
    sim.dropEnv("clerk-1");
    const fresh = sim.env("clerk-1");
    expect(fresh).not.toBe(env);
    expect([fresh.random(), fresh.random()]).toEqual(draws);
    expect(env.random()).not.toBe(draws[0]); // the old env, still held, goes on with its own stream
  });
});

describe("labnet simulation: runs and their records", () => {
  it("a run with no client task goes on until no event is pending", async () => {
    const sim = new Simulation({ seed: 1 });
    let ticks = 0;
    sim.spawn("ticker", async (env) => {
      for (let i = 0; i < 3; i++) {
        await env.sleep(10);
        ticks++;
      }
    }, { daemon: true });
    expect(await sim.run()).toMatchObject({ finished: true, timeMs: 30 });
    expect(ticks).toBe(3);
  });

  it("a paused run's clock stands at the pause, and a finished simulation can run again with new tasks", async () => {
    const sim = new Simulation({ seed: 1 });
    sim.spawn("a", (env) => env.sleep(100));
    expect(await sim.run({ untilMs: 40 })).toMatchObject({ finished: false, timeMs: 40 });
    expect(sim.now()).toBe(40);
    expect(await sim.run()).toMatchObject({ finished: true, timeMs: 100 });
    sim.spawn("b", (env) => env.sleep(5));
    expect(await sim.run()).toMatchObject({ finished: true, timeMs: 105 });
  });

  it("records each task's start, timers and end, and says when a task failed", async () => {
    const sim = new Simulation({ seed: 1, trace: true });
    sim.spawn("t", async (env) => {
      await env.sleep(2.5);
      throw new Error("no");
    });
    await expect(sim.run()).rejects.toThrow("t failed at 2.500ms: no");
    expect(sim.trace.events!.map((e) => [e.time, e.kind, e.subject, e.detail])).toEqual([
      [0, "spawn", "t", ""],
      [2500, "timer", "t", "2.5ms"],
      [2500, "finish", "t", "failed"],
    ]);
  });

  it("a task that throws before its first wait fails the run the same way", async () => {
    const sim = new Simulation({ seed: 1 });
    sim.spawn("eager", () => {
      throw new TypeError("at once");
    });
    await expect(sim.run()).rejects.toThrow("eager failed at 0.000ms: at once");
  });

  it("sleeps are kept to the microsecond, the clock's resolution", async () => {
    const sim = new Simulation({ seed: 1 });
    const times: number[] = [];
    sim.spawn("t", async (env) => {
      await env.sleep(0.0004);
      times.push(sim.micros);
      await env.sleep(0.0016);
      times.push(sim.micros);
    });
    await sim.run();
    expect(times).toEqual([0, 2]);
  });

  it("an actor's env is one object whose functions work when passed around alone", async () => {
    const sim = new Simulation({ seed: 6 });
    const env = sim.env("actor");
    expect(sim.env("actor")).toBe(env);
    const { sleep, now, random } = env;
    const seen: number[] = [];
    sim.spawn("user", async () => {
      await sleep(7);
      seen.push(now(), random());
    });
    await sim.run();
    expect(seen[0]).toBe(7);
    expect(seen[1]).toBe(new Simulation({ seed: 6 }).env("actor").random());
  });

  it("events scheduled for the same instant run in an order decided by their keys and the seed", async () => {
    const order = async (seed: number) => {
      const sim = new Simulation({ seed });
      const fired: number[] = [];
      for (let key = 0; key < 8; key++) sim.schedule(1000, key, () => fired.push(key));
      await sim.run();
      return fired.join(",");
    };
    expect(await order(3)).toBe("4,6,0,2,3,7,5,1");
    expect(await order(3)).toBe("4,6,0,2,3,7,5,1"); // and again: the seed alone decides
    const orders = new Set<string>();
    for (let seed = 0; seed < 10; seed++) orders.add(await order(seed));
    expect(orders.size).toBe(10);
  });
});

describe("Simulation.limitTrace", () => {
  /** A client that sleeps `times` times: two trace events a sleep (its timer), after its spawn. */
  const sleeper = (options: { trace: boolean; limit?: number }, times: number) => {
    const sim = new Simulation({ seed: 3, trace: options.trace });
    if (options.limit !== undefined) sim.limitTrace(options.limit);
    sim.spawn("c", async (env) => {
      for (let i = 0; i < times; i++) await env.sleep(1);
    });
    return sim;
  };

  it("fails a recorded run once it would keep more events than the limit, with the limit named; the events kept are the first ones", async () => {
    const sim = sleeper({ trace: true, limit: 10 }, 100);
    const error = await sim.run().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(TraceLimitError);
    expect((error as TraceLimitError).events).toBe(10);
    expect((error as Error).message).toBe("the run kept its limit of 10 trace events and was still going: too long a run to record whole");
    const whole = sleeper({ trace: true }, 100);
    await whole.run();
    expect(sim.trace.events!.slice(0, 10)).toEqual(whole.trace.events!.slice(0, 10));
  });

  it("lets a run within the limit end as it would, with the same trace; a run that keeps no events has no limit", async () => {
    const within = sleeper({ trace: true, limit: 1_000 }, 100);
    const unlimited = sleeper({ trace: true }, 100);
    const [a, b] = [await within.run(), await unlimited.run()];
    expect(a.traceHash).toBe(b.traceHash);
    expect(a.events).toBeLessThan(1_000);
    const untraced = sleeper({ trace: false, limit: 10 }, 100);
    expect((await untraced.run()).traceHash).toBe(b.traceHash);
  });
});

describe("failRunningSimulation", () => {
  it("fails the run in progress as the failure of a promise nobody awaited, with what was thrown as its cause; outside a run it declines", async () => {
    expect(failRunningSimulation(new Error("before"))).toBe(false);
    const sim = new Simulation({ seed: 1 });
    const thrown = new TypeError("cannot read properties of undefined (reading 'term')");
    let claimed: boolean | undefined;
    sim.spawn("client", async (env) => {
      await env.sleep(5);
      claimed = failRunningSimulation(thrown);
      await env.sleep(5);
    });
    const error = await sim.run().then(() => undefined, (e: unknown) => e);
    expect(claimed).toBe(true);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error).toMatchObject({ task: "a promise nobody awaited", timeMs: 5, cause: thrown });
    expect(failRunningSimulation(new Error("after"))).toBe(false);
  });
});
