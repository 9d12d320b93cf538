// Bug: a submit waits for its own log index to be applied however the leadership changes, so a
// leader that lost its term before the Op committed (the new leader's log may never reach that
// index) keeps its clerk waiting for ever instead of sending it to the new leader.
import { kvraftReference, ReferenceKVServer, ReferenceRsm, type KVRaftImplementation } from "kvlab";

class WaitsForItsIndex extends ReferenceRsm {
  protected override mayKeepWaiting(): boolean {
    return true;
  }
}

const makeRsm: KVRaftImplementation["makeRsm"] = (...args) => new WaitsForItsIndex(...args);

export default {
  name: "waits-for-its-index",
  makeRsm,
  startKVServer: (...args) => new ReferenceKVServer(...args, makeRsm),
  makeClerk: kvraftReference.makeClerk,
} satisfies KVRaftImplementation;
