// Bug: a submit waiting on a log index answers OK with whatever Op is applied there, even another
// server's Op that took the index after this leader lost its term, so a request that never happened
// is acknowledged (and, for a put, the other Op's reply is taken for its own).
import { kvraftReference, ReferenceKVServer, ReferenceRsm, type KVRaftImplementation, type RsmOp, type SubmitResult } from "kvlab";

class AnswersAnyOp extends ReferenceRsm {
  protected override answer(_waiterId: string, _applied: RsmOp, value: unknown): SubmitResult {
    return { err: "OK", value };
  }
}

const makeRsm: KVRaftImplementation["makeRsm"] = (...args) => new AnswersAnyOp(...args);

export default {
  name: "answers-any-op",
  makeRsm,
  startKVServer: (...args) => new ReferenceKVServer(...args, makeRsm),
  makeClerk: kvraftReference.makeClerk,
} satisfies KVRaftImplementation;
