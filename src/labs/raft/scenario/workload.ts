import type { RaftWorld } from "../world/index.js";
import type { RaftWorkload } from "./schema.js";

/** A command a client's leader accepted, at the index and term start() gave it. */
export interface StartedCommand {
  client: number;
  command: string;
  index: number;
  term: number;
}

/**
 * Runs the workload's clients, each a tester task: until `forMs` of virtual time, every `everyMs`,
 * a client starts its next command ("c1.3": client 1's third) on the peer that says it leads (the
 * live, connected one of the highest term), and looks at which of its accepted commands the
 * tester's services have committed at their index. Resolves with every command a client saw
 * committed, once all clients are done.
 */
export async function runClients(t: RaftWorld, workload: RaftWorkload): Promise<StartedCommand[]> {
  const clients = Array.from({ length: workload.clients }, (_, client) =>
    t.spawn(`client-${client}`, async (env) => {
      const pending: StartedCommand[] = [];
      const seen: StartedCommand[] = [];
      for (let seq = 1; env.now() < workload.forMs && !t.finished; seq++) {
        lookForCommits(t, pending, seen);
        const leader = currentLeader(t);
        if (leader !== undefined) {
          const command = `c${client}.${seq}`;
          const started = t.startOn(leader, command);
          if (started.isLeader) pending.push({ client, command, index: started.index, term: started.term });
        }
        await env.sleep(workload.everyMs);
      }
      lookForCommits(t, pending, seen);
      return seen;
    }),
  );
  return (await Promise.all(clients)).flat();
}

/** The live, connected peer that says it leads in the highest term, if any (each answer checked for election safety). */
function currentLeader(t: RaftWorld): number | undefined {
  let leader: number | undefined;
  let leaderTerm = -1;
  for (let i = 0; i < t.peers; i++) {
    if (!t.isConnected(i) || !t.raft(i)) continue;
    const { term, isLeader } = t.stateOfPeer(i);
    if (isLeader && term > leaderTerm) [leader, leaderTerm] = [i, term];
  }
  return leader;
}

/**
 * Moves each pending command the tester's services hold at its index to `seen` (the report's #Ops
 * counts them, and the final agreement); a command whose index holds another value was lost (a
 * later leader overwrote it before it committed), and is dropped. The services themselves fail
 * the run if two of them hold different values at an index.
 */
function lookForCommits(t: RaftWorld, pending: StartedCommand[], seen: StartedCommand[]): void {
  for (let k = pending.length - 1; k >= 0; k--) {
    const started = pending[k]!;
    const [count, value] = t.nCommitted(started.index);
    if (count === 0) continue;
    pending.splice(k, 1);
    if (value !== started.command) continue;
    seen.push(started);
    t.net.countOperation();
  }
}
