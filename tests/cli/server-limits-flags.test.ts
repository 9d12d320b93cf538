import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pino } from "pino";
import yargs from "yargs";
import { describe, expect, it } from "vitest";
import { limitArgs, limitFlags, openFilesLimit, RESERVED_FDS, serverLimits } from "../../src/cli/server-limits-flags.js";
import { DEFAULT_LIMITS } from "../../src/real/server/limits.js";
import { tempDir } from "../support/temp-dir.js";

/** The flags parsed from `args`, or the usage error's message. */
async function parse(args: string[]): Promise<unknown> {
  const parser = yargs(args)
    .strict()
    .fail((message) => {
      throw new Error(message);
    });
  try {
    return await limitFlags(parser, args).parseAsync();
  } catch (error) {
    return (error as Error).message;
  }
}

describe("the servers' limit flags", () => {
  it("default to DEFAULT_LIMITS and hand themselves on as arguments", async () => {
    const flags = (await parse([])) as Parameters<typeof limitArgs>[0];
    expect(serverLimits(flags, pino({ level: "silent" }), 1_000_000)).toEqual(DEFAULT_LIMITS);
    expect(await parse(limitArgs(flags))).toMatchObject({ "max-connections": 1000, "max-unfinished-mib": 256, "frame-timeout-ms": 30_000, "write-timeout-ms": 60_000 });
  });

  it("refuse anything but a positive integer, naming the flag", async () => {
    expect(await parse(["--max-connections", "0"])).toBe("--max-connections must be a positive integer, got 0");
    expect(await parse(["--max-unfinished-mib", "1.5"])).toBe("--max-unfinished-mib must be a positive integer, got 1.5");
    expect(await parse(["--frame-timeout-ms", "abc"])).toBe('--frame-timeout-ms must be a number, got "abc"');
    expect(await parse(["--write-timeout-ms", "-1"])).toBe("--write-timeout-ms must be a positive integer, got -1");
  });

  it("refuse a timeout longer than a timer can wait (Node would take it as 1 ms)", async () => {
    expect(await parse(["--frame-timeout-ms", "2147483647", "--write-timeout-ms", "2147483647"])).toMatchObject({ "frame-timeout-ms": 2147483647, "write-timeout-ms": 2147483647 });
    expect(await parse(["--frame-timeout-ms", "2147483648"])).toBe("--frame-timeout-ms must be at most 2147483647, got 2147483648");
    expect(await parse(["--write-timeout-ms", "1e12"])).toBe("--write-timeout-ms must be at most 2147483647, got 1000000000000");
  });

  it("lower --max-connections, with a warning, when the open-files limit leaves too few", async () => {
    const lines: string[] = [];
    const log = pino({ base: undefined }, { write: (line: string) => lines.push(line) });
    const flags = (await parse(["--max-connections", "500", "--max-unfinished-mib", "2"])) as Parameters<typeof limitArgs>[0];
    expect(serverLimits(flags, log, 500 + RESERVED_FDS)).toMatchObject({ maxConnections: 500, maxUnfinishedBytes: 2 << 20 });
    expect(lines).toEqual([]);
    expect(serverLimits(flags, log, 300).maxConnections).toBe(300 - RESERVED_FDS);
    expect(serverLimits(flags, log, 10).maxConnections).toBe(1);
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)[0]).toMatch(/^--max-connections lowered to 172: the limit of 300 open files/);
    expect(serverLimits(flags, log, undefined).maxConnections).toBe(500);
  });

  it("read the soft open-files limit from /proc's format; undefined when unlimited or unreadable", () => {
    const dir = tempDir();
    const file = join(dir, "limits");
    writeFileSync(file, "Limit                     Soft Limit           Hard Limit           Units\nMax open files            1024                 524288               files\n");
    expect(openFilesLimit(file)).toBe(1024);
    writeFileSync(file, "Max open files            unlimited            unlimited            files\n");
    expect(openFilesLimit(file)).toBeUndefined();
    expect(openFilesLimit(join(dir, "missing"))).toBeUndefined();
  });
});
