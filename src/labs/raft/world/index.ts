/**
 * The Raft lab's tester fixture on labnet: the course's raft1/test.go and server.go (peers,
 * connectivity, crash and restart, the tester's service above each peer, the helpers), with
 * Raft's invariants checked as the run goes and a record of what happened.
 */
export { RaftWorld, RAFT_ELECTION_TIMEOUT } from "./raft-world.js";
export { peerName, raftProfile } from "./fixture.js";
export { SNAPSHOT_INTERVAL, Applier } from "./applier.js";
export { RaftRecorder, type RaftEvent, type RaftEventKind } from "./recorder.js";
export { RaftForensicRecord, type RoleChange, type CommitSeen, type LastView, type SampledRole } from "./forensic-record.js";
export { encodeSnapshot, decodeSnapshot, type TesterSnapshot } from "./snapshot-codec.js";
