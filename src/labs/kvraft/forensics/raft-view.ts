import { type Focus, nearest, SHOWN_MARKERS, type ViewMarker } from "../../../check/index.js";
import { roleSpans, type LifeEvent, type NetworkChange, type RoleSpan } from "../../raft/index.js";
import type { FaultSeen } from "../world/index.js";
import type { KvRaftInvestigation } from "./investigate.js";

/** The Raft layer's timeline, as the Raft lab's forensics draw it: roles by term, the servers' lives, the partitions. */
export interface KvRaftTimeline {
  spans: RoleSpan[];
  life: LifeEvent[];
  network: NetworkChange[];
}

/**
 * The tester's faults as the Raft lab's timeline takes them: crashes, restarts, a server cut off
 * and connected again (life events); partitions, and their healing when every server is connected
 * again (network changes). The connections that begin the run are no change.
 */
export function kvraftTimeline({ record, report }: KvRaftInvestigation): KvRaftTimeline {
  const life: LifeEvent[] = [];
  const network: NetworkChange[] = [];
  const cut = new Set<number>();
  let partitioned = false;
  for (const fault of record.faults) {
    const { timeMs } = fault;
    if (fault.kind === "crash" || fault.kind === "restart") {
      cut.delete(fault.servers[0]!);
      life.push({ timeMs, peer: fault.servers[0]!, kind: fault.kind === "crash" ? "crashed" : "restarted" });
    } else if (fault.kind === "disconnect") {
      cut.add(fault.servers[0]!);
      life.push({ timeMs, peer: fault.servers[0]!, kind: "disconnected" });
    } else if (fault.kind === "partition") {
      partitioned = true;
      network.push({ timeMs, kind: "partition", text: fault.text });
    } else {
      for (const server of fault.servers.filter((s) => cut.delete(s))) life.push({ timeMs, peer: server, kind: "reconnected" });
      if (partitioned && fault.servers.length > 1) {
        partitioned = false;
        network.push({ timeMs, kind: "healed", text: "partitions healed" });
      }
    }
  }
  return { spans: roleSpans(record.raft, life, report.virtualMs), life, network };
}

/**
 * The faults as the page's markers (partitions until healed or replaced, a server cut off until
 * connected, crashes and restarts): those nearest `window`, up to SHOWN_MARKERS, and how many in all.
 */
export function faultMarkers(faults: readonly FaultSeen[], endMs: number, window: Focus): { markers: ViewMarker[]; faults: number } {
  const every = allMarkers(faults, endMs);
  const shown = nearest(every.map((marker) => ({ callMs: marker.atMs, returnMs: marker.untilMs ?? marker.atMs })), window, SHOWN_MARKERS);
  return { markers: shown.map((i) => every[i]!), faults: every.length };
}

function allMarkers(faults: readonly FaultSeen[], endMs: number): ViewMarker[] {
  const markers: ViewMarker[] = [];
  let partition: ViewMarker | undefined;
  const cut = new Map<number, ViewMarker>();
  for (const fault of faults) {
    const atMs = fault.timeMs;
    if (fault.kind === "crash" || fault.kind === "restart") {
      markers.push({ atMs, kind: fault.kind, label: fault.text });
    } else if (fault.kind === "partition") {
      if (partition) partition.untilMs = atMs;
      partition = { atMs, untilMs: endMs, kind: "partition", label: fault.text };
      markers.push(partition);
    } else if (fault.kind === "disconnect") {
      const marker: ViewMarker = { atMs, untilMs: endMs, kind: "partition", label: fault.text };
      cut.set(fault.servers[0]!, marker);
      markers.push(marker);
    } else {
      for (const server of fault.servers) {
        const marker = cut.get(server);
        if (marker) marker.untilMs = atMs;
        cut.delete(server);
      }
      if (partition && fault.servers.length > 1) {
        partition.untilMs = atMs;
        partition = undefined;
      }
    }
  }
  return markers;
}
