import { describe, expect, it } from "vitest";
import type { Execution } from "../../../../labnet/index.js";
import { carriersOf, carrierWords } from "../../../../src/labs/raft/forensics/carriers.js";

const execution = (id: string, args: unknown, reply: unknown = { success: true }): Execution => ({ id, copy: 0, server: "raft-1", incarnation: 1, method: "appendEntries", args, reply, startMs: 12.5, endMs: 12.5, abandoned: false });

describe("the RPCs that carried an entry", () => {
  it("are those whose arguments hold it as an array's element or an entry's field, of the entry's term when it has one", () => {
    const executions = [
      execution("raft-0.1->raft-1#1", { term: 2, entries: [{ term: 2, command: 101 }] }),
      execution("raft-0.1->raft-1#2", { term: 3, entries: [{ term: 3, command: 101 }] }),
      execution("raft-2.2->raft-1#1", { term: 4, batch: { log: [{ t: 2, cmd: 101 }] } }),
      execution("raft-2.2->raft-1#2", { term: 4, commands: [101] }),
      execution("raft-0.1->raft-1#3", { term: 101, prevLogIndex: 101, entries: [{ term: 2, index: 101, command: 7 }] }),
    ];
    const found = carriersOf(executions, 101, 2);
    expect(found.map((carrier) => [carrier.execution.id, carrier.from, carrier.fromIncarnation, carrier.term])).toEqual([
      ["raft-0.1->raft-1#1", "raft-0", 1, 2],
      ["raft-2.2->raft-1#1", "raft-2", 2, 4],
      ["raft-2.2->raft-1#2", "raft-2", 2, 4],
    ]);
    expect(carriersOf(executions, 101).length).toBe(4);
  });

  it("are told in one line: sender, method, receiver, term, instant and reply", () => {
    const [carrier] = carriersOf([execution("raft-0.1->raft-1#1", { term: 2, entries: [{ term: 2, command: "x" }] })], "x");
    expect(carrierWords(carrier!)).toBe(`raft-0's appendEntries to raft-1 in term 2 at 12.500ms (reply {"success":true})`);
  });
});
