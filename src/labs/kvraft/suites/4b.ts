import { ELECTION_TIMEOUT, type KvRaftWorld } from "../world/index.js";
import { kvShape as shape, kvTest, type KvRaftTestDefinition } from "../test-definition.js";
import { genericTest, genericTestSpeed } from "./generic.js";
import { checkGet, putAtLeastOnce } from "./kvtest.js";

/**
 * A request submitted in the minority must not go through until the partition heals; the
 * original leader ends up in the minority. (The course's Begin titles of its second and third
 * parts, "Test: no progress in minority (4B)" and "Test: completion after heal (4B)", are its
 * steps 2 and 3 here.)
 */
async function onePartition(t: KvRaftWorld): Promise<void> {
  const ck = t.makeClerk();
  const ver0 = await putAtLeastOnce(t, ck, "1", "13", 0, -1);
  const [, l] = t.leader();
  const [p1, p2] = t.makePartition(l);
  t.partition(p1, p2);
  const ckp1 = t.makeClerkTo(p1); // connect ckp1 to p1
  const ckp2a = t.makeClerkTo(p2); // connect ckp2a to p2
  const ckp2b = t.makeClerkTo(p2); // connect ckp2b to p2
  const ver1 = await putAtLeastOnce(t, ckp1, "1", "14", ver0, -1);
  await checkGet(t, ckp1, "1", "14", ver1);

  // Test: no progress in minority (4B)
  const done0 = t.spawn("minority-put", async () => ({ put: await putAtLeastOnce(t, ckp2a, "1", "15", ver1, -1) }));
  const done1 = t.spawn("minority-get", async () => ({ get: (await t.get(ckp2b, "1", -1)).version })); // different clerk in p2
  const first = await Promise.race([done0, done1, t.sleep(1000).then(() => undefined)]);
  if (first && "put" in first) t.fatal(`Put in minority completed with version = ${first.put}`);
  if (first && "get" in first) t.fatal(`Get in minority completed with version = ${first.get}`);
  await checkGet(t, ckp1, "1", "14", ver1);
  const ver2 = await putAtLeastOnce(t, ckp1, "1", "16", ver1, -1);
  await checkGet(t, ckp1, "1", "16", ver2);

  // Test: completion after heal (4B)
  t.connectAll();
  t.connectClerk(ckp2a);
  t.connectClerk(ckp2b);
  await t.sleep(ELECTION_TIMEOUT);
  const ver15 = (await Promise.race([done0, t.sleep(30 * 100).then(() => undefined)]))?.put;
  if (ver15 === undefined) t.fatal("Put did not complete");
  // The course's wait for the minority Get has a default branch: it never waits, so "Get did not complete" cannot fire.
  await checkGet(t, ck, "1", "15", ver15);
}

/** Part 4B: the replicated KV service without snapshots (kvraft_test.go). */
export const suite4B: KvRaftTestDefinition[] = [
  kvTest("4B", "TestBasic4B", shape("4B basic", 1, 5, true), genericTest),
  kvTest("4B", "TestSpeed4B", shape("4B speed", 1, 3, true), genericTestSpeed),
  kvTest("4B", "TestConcurrent4B", shape("4B many clients", 5, 5, true), genericTest),
  kvTest("4B", "TestUnreliable4B", shape("4B many clients", 5, 5, false), genericTest),
  kvTest("4B", "TestOnePartition4B", shape("4B progress in majority", 0, 5, false), onePartition),
  kvTest("4B", "TestManyPartitionsOneClient4B", shape("4B partitions, one client", 1, 5, true, { partitions: true }), genericTest),
  kvTest("4B", "TestManyPartitionsManyClients4B", shape("4B partitions, many clients (4B)", 5, 5, true, { partitions: true }), genericTest),
  kvTest("4B", "TestPersistOneClient4B", shape("4B restarts, one client 4B ", 1, 5, true, { crash: true }), genericTest),
  kvTest("4B", "TestPersistConcurrent4B", shape("4B restarts, many clients", 5, 5, true, { crash: true }), genericTest),
  kvTest("4B", "TestPersistConcurrentUnreliable4B", shape("4B restarts, many clients ", 5, 5, false, { crash: true }), genericTest),
  kvTest("4B", "TestPersistPartition4B", shape("4B restarts, partitions, many clients", 5, 5, true, { crash: true, partitions: true }), genericTest),
  kvTest("4B", "TestPersistPartitionUnreliable4B", shape("4B restarts, partitions, many clients", 5, 5, false, { crash: true, partitions: true }), genericTest),
  kvTest(
    "4B",
    "TestPersistPartitionUnreliableLinearizable4B",
    shape("4B restarts, partitions, random keys, many clients", 15, 7, false, { crash: true, partitions: true, randomkeys: true }),
    genericTest,
  ),
];
