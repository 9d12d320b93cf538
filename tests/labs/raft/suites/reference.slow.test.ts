// Every test of the Raft lab passes on the reference at three seeds, registered as a student's
// own test file would register them (kvlab/vitest's registerRaftSuites).
import { raftReference } from "../../../../src/labs/raft/index.js";
import { registerRaftSuites } from "../../../../src/vitest.js";

registerRaftSuites(raftReference, { seeds: [1, 2, 3] });
