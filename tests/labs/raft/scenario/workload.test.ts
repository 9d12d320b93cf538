import { describe, expect, it } from "vitest";
import { runClients } from "../../../../src/labs/raft/scenario/workload.js";
import { fakeRaft, inRaftWorld } from "../world/fakes.js";

describe("a Raft scenario's clients", () => {
  it("start their commands every everyMs, until forMs, on the connected peer that leads the highest term, and return the ones they saw committed at their index", async () => {
    const impl = fakeRaft();
    const started: string[] = [];
    let seen: Awaited<ReturnType<typeof runClients>> = [];
    const { failure } = await inRaftWorld(impl, 3, async (t) => {
      // raft-0 leads a higher term but is cut off; raft-1 leads an older one; raft-2 leads the newest, reachable.
      Object.assign(impl.made[1]!, { term: 2, leader: true });
      impl.made[1]!.onStart = () => ({ index: 9, term: 2, isLeader: true });
      t.disconnect(0);
      Object.assign(impl.made[0]!, { term: 7, leader: true });
      let index = 0;
      impl.made[2]!.onStart = (command) => {
        started.push(`${t.sim.now()} ${String(command)}`);
        return { index: ++index, term: 3, isLeader: true };
      };
      impl.made[2]!.term = 3;
      impl.made[2]!.leader = true;
      const clients = runClients(t, { clients: 2, everyMs: 100, forMs: 250 });
      // The services commit c0.1 at its index 1 and, at c1.1's index 2, another value: c1.1 was lost.
      await impl.made[2]!.applyCh.send({ commandValid: true, command: "c0.1", commandIndex: 1 });
      await impl.made[2]!.applyCh.send({ commandValid: true, command: "other", commandIndex: 2 });
      seen = await clients;
    });
    expect(failure).toBeUndefined();
    // Clients due at one instant run in the simulation's order: compared as a set per instant.
    expect(started.sort()).toEqual(["0 c0.1", "0 c1.1", "100 c0.2", "100 c1.2", "200 c0.3", "200 c1.3"]);
    expect(seen).toEqual([{ client: 0, command: "c0.1", index: 1, term: 3 }]);
  });

  it("start nothing while no reachable peer leads", async () => {
    const impl = fakeRaft();
    const { failure, world } = await inRaftWorld(impl, 3, async (t) => {
      expect(await runClients(t, { clients: 1, everyMs: 50, forMs: 500 })).toEqual([]);
    });
    expect(failure).toBeUndefined();
    expect(world.recorder.events.filter((event) => event.kind === "start")).toEqual([]);
  });
});
