import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FormatError, readHistory } from "../../src/check/index.js";

const dir = join(import.meta.dirname, "fixtures", "bad");

/** Each malformed file and the error it must get: file:line and what was expected. */
const EXPECTED: Record<string, string> = {
  "blank-lines.txt": "blank-lines.txt: expected a history, found an empty file",
  "empty.txt": "empty.txt: expected a history, found an empty file",
  "unknown-format.txt": "unknown-format.txt:1: expected a kvlab header",
  "kvlab-no-header.jsonl": 'kvlab-no-header.jsonl:1: expected a header line with "kvlab":"history"',
  "kvlab-future-version.jsonl": 'kvlab-future-version.jsonl:1: expected "version":1 (this kvlab reads version 1), found 2',
  "kvlab-unknown-model.jsonl": 'kvlab-unknown-model.jsonl:1: expected "model" to be one of kv, kv-strict, porcupine-kv, cas-register, register, found "bank"',
  "kvlab-truncated-json.jsonl": "kvlab-truncated-json.jsonl:3: expected an operation as one JSON object",
  "kvlab-return-before-call.jsonl": 'kvlab-return-before-call.jsonl:2: expected "return" (3) to be at or after "call" (5)',
  "kvlab-put-without-version.jsonl": `kvlab-put-without-version.jsonl:3: expected a put's input to have a whole number "version" >= 0 (model kv)`,
  "kvlab-output-without-return.jsonl": 'kvlab-output-without-return.jsonl:2: expected "return" with "output"',
  "kvlab-unknown-err.jsonl": 'kvlab-unknown-err.jsonl:2: expected output to have "err" one of "OK", "ErrNoKey", "ErrVersion", "ErrMaybe" (model kv)',
  "kvlab-no-client.jsonl": 'kvlab-no-client.jsonl:2: expected "client" to be a number or a string',
  "porcupine-missing-comma.txt": "porcupine-missing-comma.txt:2: expected an EDN map like {:process 0, :type :invoke",
  "porcupine-ok-without-invoke.txt": "porcupine-ok-without-invoke.txt:2: expected an :invoke by process 1 before this :ok",
  "porcupine-wrong-key.txt": 'porcupine-wrong-key.txt:2: expected :f :append and :key "0" as invoked by process 0',
  "porcupine-invoke-twice.txt": "porcupine-invoke-twice.txt:2: expected process 0 to complete its operation before invoking another",
  "etcd-bad-value.log": "etcd-bad-value.log:2: expected a Jepsen log line like",
  "etcd-wrong-function.log": "etcd-wrong-function.log:2: expected :cas as invoked by process 0",
  "etcd-cas-not-pair.log": "etcd-cas-not-pair.log:1: expected a cas value [FROM TO]",
  "etcd-info-without-invoke.log": "etcd-info-without-invoke.log:1: expected an :invoke by process 4 before this :info",
};

describe("malformed history files get an error naming file:line and what was expected", () => {
  it("every fixture has an expected error", () => {
    expect(readdirSync(dir).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))("%s", (name, message) => {
    const text = readFileSync(join(dir, name), "utf8");
    let error: unknown;
    try {
      readHistory(text, name);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FormatError);
    expect((error as FormatError).message.startsWith(message)).toBe(true);
    expect((error as FormatError).message).not.toContain("\n");
  });

  it("a named format reads a file as that format, even if another would fit", () => {
    const edn = '{:process 0, :type :invoke, :f :get, :key "0", :value nil}';
    expect(() => readHistory(edn, "h.jsonl", "kvlab")).toThrow("h.jsonl:1: expected a header line as one JSON object");
    expect(() => readHistory(edn, "h.log", "jepsen-etcd")).toThrow("h.log:1: expected a Jepsen log line");
  });

  it("JSON nested deeper than a reader's stack is refused in one line, with small numbers and with big ones", () => {
    const deep = `${"[".repeat(200_000)}${"]".repeat(200_000)}`;
    const header = '{"kvlab":"history","version":1,"model":"register"}';
    for (const times of ['"call":0,"return":1', '"call":12345678901234567890,"return":12345678901234567891']) {
      const text = `${header}\n{"client":0,${times},"input":${deep},"output":{}}`;
      expect(() => readHistory(text, "deep.jsonl")).toThrow("deep.jsonl:2: expected an operation as one JSON object, found one nested too deeply to read");
    }
  });
});

