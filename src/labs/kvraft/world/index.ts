/**
 * The replicated KV lab's tester fixture on labnet: the course's kvraft1/test.go and rsm/test.go
 * (servers over Raft, connectivity, crash and restart, clerks, the tester's counter service for
 * the rsm tests, history recording and the linearizability check, the Partitioner).
 */
export { KvRaftWorld, ELECTION_TIMEOUT, type CheckedHistory } from "./kvraft-world.js";
export { RsmWorld, NSEC } from "./rsm-world.js";
export { KvRaftFixture, serverName, kvraftProfile, type KvRaftImpl, type KvRaftClerk } from "./fixture.js";
export { RsmService, INC, NULL, DEC, goType, type CounterOp, type CounterReply } from "./rsm-service.js";
export { KvRaftForensicRecord, type StartSeen, type ApplySeen, type CallSeen, type FaultSeen } from "./forensic-record.js";
