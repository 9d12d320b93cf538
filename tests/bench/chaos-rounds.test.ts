import { afterEach, describe, expect, it } from "vitest";
import { KvsClient } from "../../src/real/client/index.js";
import { chaosRound, lostOnServer, valueOf } from "../../bench/chaos-rounds.js";
import { tempDir } from "../support/temp-dir.js";
import { killAll, startServer } from "../real/support/processes.js";

afterEach(killAll);

// A smoke test of bench:chaos: one round on kvs-server, and the read-back that decides what was lost.
describe("bench:chaos rounds", () => {
  it("one SIGKILL round on kvs-server: writes were acknowledged and none lost", { timeout: 30_000 }, async () => {
    const figures = await chaosRound("kvs", { writers: 2, killAfterMs: 300 });
    expect(figures.acknowledged).toBeGreaterThan(0);
    expect(figures.lost).toBe(0);
  });

  it("the read-back counts an acknowledged key that is missing or holds another value as lost", { timeout: 30_000 }, async () => {
    const dir = tempDir();
    const server = await startServer(["--addr", "127.0.0.1:0", "--dir", dir], dir);
    const client = await KvsClient.connect(server.address);
    await client.set("kept", valueOf("kept"));
    await client.set("changed", valueOf("another key"));
    await client.close();
    expect(await lostOnServer(server, ["kept", "changed", "missing"])).toBe(2);
    expect(await lostOnServer(server, ["kept"])).toBe(0);
  });
});
