import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { allTests, loadImplementation, runLabTest } from "../../../src/index.js";

const example = (path: string) => fileURLToPath(new URL(`../../../examples/kv/${path}`, import.meta.url));

/** Each buggy example, the test that catches it at seed 1, and the lab's failure text. */
const caught: [file: string, test: string, message: RegExp][] = [
  ["clerk-never-errmaybe.ts", "TestUnreliableNet", /^clerk-1: Put\("k", "0", \d+\) returned ErrVersion after \d sends; a resent put that meets ErrVersion must return ErrMaybe \(an earlier try may have applied\)$/],
  ["clerk-gives-up-get.ts", "TestUnreliableNet", /^clerk-1: Get\("k"\) returned \("", 0, ErrNoKey\), but its one RPC was not answered$/],
  ["server-ignores-version.ts", "TestReliablePut", /^expected Put to fail with ErrVersion; got err=OK$/],
  ["server-check-then-await.ts", "TestPutConcurrentReliable", /^(history is not linearizable|Reliable: Wrong number of puts: .*|Wrong value .*)$/],
  ["server-keeps-old-values.ts", "TestMemPutManyClientsReliable", /^error: server using too much memory \d+ \d+ \(\d+\.\d\d byte per client\)$/],
  ["server-remembers-puts.ts", "TestMemPutManyClientsReliable", /^error: server using too much memory \d+ \d+ \(\d+\.\d\d byte per client\)$/],
  ["lock-ignores-errmaybe.ts", "TestManyClientsUnreliable", /^\d+: two clients acquired lock at once$/],
  ["server-get-creates-key.ts", "test_reliable_put_rule", /^Put\("__proto__", "v1", 1\) = ErrVersion; expected ErrNoKey, the key being missing \(at get → put v on key "__proto__"\)$/],
  ["server-version-above-ok.ts", "test_reliable_put_rule", /^Put\("__proto__", "v\d+", 2\) = OK; expected ErrVersion, the key being at version 1 \(at get → .* → put v\+1 on key "__proto__"\)$/],
  ["server-shared-version-counter.ts", "test_reliable_put_rule", /^Get\("constructor"\) = \("", \d+, OK\); expected \("", 1, OK\) \(after get → .* on key "constructor"\)$/],
  ["server-plain-object-keys.ts", "test_reliable_put_rule", /^kvserver\.get reply\.value is undefined/],
  ["server-errversion-bumps.ts", "test_reliable_put_rule", /^Get\("__proto__"\) = \("", 2, OK\); expected \("", 1, OK\) \(after get → .* → put v0 on key "__proto__"\)$/],
  ["clerk-errversion-on-retry.ts", "test_delayed_replies", /^clerk-1: Put\("toString", "value-0", 0\) returned ErrVersion after 2 sends; a resent put that meets ErrVersion must return ErrMaybe/],
  ["clerk-ok-after-retry-errversion.ts", "test_loss_burst", /^clerk-1: Put\("hasOwnProperty", "b", 1\) returned OK, but the only reply it received said ErrVersion, which after 11 sends means ErrMaybe$/],
  ["clerk-gives-up-after-partition.ts", "test_partitioned_put", /^clerk-1: Put\("__proto__", "first", 0\) returned ErrMaybe, but none of its 100 RPCs was answered$/],
  ["clerk-gives-up-after-partition.ts", "test_partitioned_get", /^clerk-1: Get\("constructor"\) returned \("", 0, ErrNoKey\), but none of its 100 RPCs was answered$/],
  ["clerk-late-reply-mismatch.ts", "test_delayed_replies", /^clerk-1: Put\("toString", "value-\d+", \d+\) returned OK, but its one RPC was not answered$/],
  ["clerk-sends-wrong-version.ts", "test_loss_burst", /^clerk-1: Put\("hasOwnProperty", "a", 0\) sent put with version 1 instead of 0; a call sends only its own put with its own arguments$/],
  ["server-get-version-zero.ts", "TestReliablePut", /^Get wrong version 0; expected 1$/],
  ["clerk-caches-versions.ts", "TestReliablePut", /^clerk-1: Put\("k", "kvlab", 0\) sent put with version 1 instead of 0; a call sends only its own put with its own arguments$/],
  ["clerk-get-cache.ts", "test_reliable_put_rule", /^clerk-1: Get\("__proto__"\) returned \("", 1, OK\), but it sent no RPC$/],
];

describe("the buggy examples are each caught, by the right test, with the lab's message", () => {
  it.each(caught)("%s fails %s", async (file, testName, message) => {
    const impl = await loadImplementation(example(`buggy/${file}`));
    const report = await runLabTest(impl, allTests.find((test) => test.name === testName)!, 1);
    expect(report.verdict).toBe("fail");
    expect(report.message).toMatch(message);
  });

  it("the correct example passes every test", async () => {
    const impl = await loadImplementation(example("my-kv.ts"));
    for (const test of allTests) {
      const report = await runLabTest(impl, test, 1);
      expect(report.message).toBeUndefined();
      expect(report.verdict).toBe("pass");
    }
  });
});
