import { compose, profiles, type FaultProfile } from "../../../../labnet/index.js";
import type { FaultTarget } from "../../raft/index.js";
import { kvraftProfile, serverName, type KvRaftWorld } from "../world/index.js";

/** The lab's network (kvraftProfile), with labrpc's long reordering of replies when asked. */
export function kvraftNetwork(reliable: boolean, longReordering: boolean): FaultProfile {
  return longReordering ? compose(kvraftProfile(reliable), profiles.longReordering) : kvraftProfile(reliable);
}

/**
 * The replicated KV world as the Raft lab's fault timeline sees it: member i is server i (its
 * Raft peer and KV server), connected and disconnected as the course's kvraft tester does
 * (server-to-server ends only: clerks reach every server through any fault but a crash), cut
 * apart by partitions of the servers' hosts; the network's layers start as `network` says.
 */
export function kvraftFaultTarget(t: KvRaftWorld, network: { reliable: boolean; longReordering: boolean }): FaultTarget {
  const layers = { ...network };
  const switchLayer = (change: Partial<typeof layers>) => {
    Object.assign(layers, change);
    t.net.setProfile(kvraftNetwork(layers.reliable, layers.longReordering));
  };
  return {
    world: t,
    connect: (i) => t.connectOne(i),
    disconnect: (i) => t.disconnectAll(i),
    setReliable: (reliable) => switchLayer({ reliable }),
    setLongReordering: (longReordering) => switchLayer({ longReordering }),
    hostName: serverName,
  };
}
