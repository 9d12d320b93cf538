import type { KvRaftClerk, KvRaftWorld } from "../world/index.js";
import { makeKeys } from "../suites/kvtest.js";
import type { KvRaftWorkload } from "./schema.js";

/** What each client is doing now, in words ("clerk-2's put(\"k0\", version 3)"), or undefined between operations. */
export type UnderWay = (string | undefined)[];

/**
 * Starts the workload's clients, each a tester task with a clerk of its own: until `stopping()`,
 * each picks a key and a get or a put (at the version it last saw for that key; value
 * "CLIENT.SEQ"), records it, and pauses. A clerk that hands ErrWrongLeader to its caller fails the
 * run at once. Each promise resolves once its client's last operation has returned.
 */
export function startClients(t: KvRaftWorld, workload: KvRaftWorkload, stopping: () => boolean, underWay: UnderWay): Promise<void>[] {
  const keys = makeKeys(workload.keys);
  return Array.from({ length: workload.clients }, (_, cli) =>
    t.spawn(`client-${cli}`, async (env) => {
      const ck = t.makeClerk();
      const versions = new Map<string, number>();
      for (let seq = 1; !stopping() && !t.finished; seq++) {
        const key = keys[Math.floor(env.random() * keys.length)]!;
        const version = versions.get(key) ?? 0;
        if (env.random() * 100 < workload.putPercent) {
          underWay[cli] = `${ck.name}'s put(${JSON.stringify(key)}, version ${version})`;
          const err = await t.put(ck, key, `${cli}.${seq}`, version, cli);
          refuseWrongLeader(t, ck, `put(${JSON.stringify(key)})`, err);
          if (err === "OK") versions.set(key, version + 1);
        } else {
          underWay[cli] = `${ck.name}'s get(${JSON.stringify(key)})`;
          const reply = await t.get(ck, key, cli);
          refuseWrongLeader(t, ck, `get(${JSON.stringify(key)})`, reply.err);
          versions.set(key, reply.err === "OK" ? reply.version : 0);
        }
        underWay[cli] = undefined;
        await env.sleep(workload.pauseMs);
      }
    }),
  );
}

/**
 * After everything is healed, a fresh clerk gets every key (recorded as the client after the
 * workload's, and said in `underWay` as it goes), so the history ends with what the service holds.
 */
export async function readEveryKey(t: KvRaftWorld, workload: KvRaftWorkload, underWay: UnderWay): Promise<void> {
  const ck = t.makeClerk();
  const cli = workload.clients;
  for (const key of makeKeys(workload.keys)) {
    underWay[cli] = `${ck.name}'s get(${JSON.stringify(key)})`;
    refuseWrongLeader(t, ck, `get(${JSON.stringify(key)})`, (await t.get(ck, key, cli)).err);
    underWay[cli] = undefined;
  }
}

/** ErrWrongLeader is between a clerk and the servers: a caller never sees it. */
function refuseWrongLeader(t: KvRaftWorld, ck: KvRaftClerk, call: string, err: string): void {
  if (err === "ErrWrongLeader") t.fatal(`${ck.name}'s ${call} returned ErrWrongLeader: a clerk keeps trying until a leader answers`);
}
