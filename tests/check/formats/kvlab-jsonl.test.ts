import { describe, expect, it } from "vitest";
import { formatRefusal } from "./format-refusal.js";
import { readKvlabHistory } from "../../../src/check/formats/kvlab-jsonl.js";

const HEADER = '{"kvlab":"history","version":1,"model":"register"}';
const history = (...lines: string[]) => [HEADER, ...lines].join("\n");

/** The one-line message of the FormatError reading `text` throws. */
const refusal = (text: string, file = "h.jsonl"): string => formatRefusal(() => readKvlabHistory(text, file));

describe("kvlab's JSON-lines reader", () => {
  it("reads operations with the line of each, skipping blank lines and CRLF ends", () => {
    const text = `${HEADER}\r\n\r\n{"client":"a","call":1,"return":2,"input":{"op":"write","value":1},"output":{}}\r\n\n{"client":0,"call":3,"input":{"op":"read"}}\n`;
    expect(readKvlabHistory(text, "h.jsonl")).toEqual({
      format: "kvlab",
      model: "register",
      lines: [3, 5],
      operations: [
        { client: "a", call: 1, return: 2, input: { op: "write", value: 1 }, output: {} },
        { client: 0, call: 3, input: { op: "read" } },
      ],
    });
  });

  it("takes the kv model when the header names none, and a header alone as an empty history", () => {
    expect(readKvlabHistory('{"kvlab":"history","version":1}', "h")).toEqual({ format: "kvlab", model: "kv", operations: [], lines: [] });
  });

  it.each<[string, string]>([
    ["", 'h.jsonl: expected a header line {"kvlab":"history","version":1,"model":"kv"}, found an empty file'],
    ["not json", 'h.jsonl:1: expected a header line as one JSON object, found "not json"'],
    ["[1,2]", "h.jsonl:1: expected a header line as one JSON object"],
    ["null", "h.jsonl:1: expected a header line as one JSON object"],
    ['{"version":1}', 'h.jsonl:1: expected a header line with "kvlab":"history"'],
    ['{"kvlab":"history"}', 'h.jsonl:1: expected "version":1 (this kvlab reads version 1), found undefined'],
    ['{"kvlab":"history","version":"1"}', 'h.jsonl:1: expected "version":1 (this kvlab reads version 1), found "1"'],
    ['{"kvlab":"history","version":1,"model":3}', 'h.jsonl:1: expected "model" to be one of kv, kv-strict, porcupine-kv, cas-register, register, found 3'],
  ])("refuses the header %j", (text, message) => {
    expect(refusal(text)).toBe(message);
  });

  it.each<[string, string]>([
    ['{"client":0,"call":1', 'h.jsonl:2: expected an operation as one JSON object, found "{\\"client\\":0,\\"call\\":1"'],
    ["7", "h.jsonl:2: expected an operation as one JSON object"],
    ['{"client":null,"call":1,"input":{"op":"read"}}', 'h.jsonl:2: expected "client" to be a number or a string'],
    ['{"client":[0],"call":1,"input":{"op":"read"}}', 'h.jsonl:2: expected "client" to be a number or a string'],
    ['{"client":0,"input":{"op":"read"}}', 'h.jsonl:2: expected "call" to be a number'],
    ['{"client":0,"call":"5","input":{"op":"read"}}', 'h.jsonl:2: expected "call" to be a number'],
    ['{"client":0,"call":1,"return":"2","input":{"op":"read"},"output":{"value":null}}', 'h.jsonl:2: expected "return" to be a number'],
    ['{"client":0,"call":1,"return":2,"input":{"op":"read"}}', 'h.jsonl:2: expected "output" with "return" (leave both out for an operation of unknown outcome)'],
    ['{"client":0,"call":1,"input":{"op":"read"},"output":{"value":null}}', 'h.jsonl:2: expected "return" with "output" (leave both out for an operation of unknown outcome)'],
    ['{"client":0,"call":1,"input":{"op":"swap"}}', 'h.jsonl:2: expected input to have "op" one of "read", "write" (model register)'],
    ['{"client":0,"call":1,"return":2,"input":{"op":"read"},"output":[]}', "h.jsonl:2: expected output to be an object (model register)"],
  ])("refuses the operation %s", (line, message) => {
    expect(refusal(history(line))).toBe(message);
  });

  it("names the line of the bad operation, counting blank lines", () => {
    const ok = '{"client":0,"call":1,"return":2,"input":{"op":"write","value":1},"output":{}}';
    expect(refusal(history(ok, "", ok, '{"client":0}'), "run.jsonl")).toBe('run.jsonl:5: expected "call" to be a number');
  });

  it("checks a get's output against its own input under each shipped model", () => {
    const kv = '{"kvlab":"history","version":1,"model":"kv"}';
    expect(refusal(`${kv}\n{"client":0,"call":1,"return":2,"input":{"op":"get","key":"k"},"output":{"err":"OK"}}`)).toBe(
      `h.jsonl:2: expected a get's output to have a string "value" (model kv)`,
    );
    const cas = '{"kvlab":"history","version":1,"model":"cas-register"}';
    expect(refusal(`${cas}\n{"client":0,"call":1,"return":2,"input":{"op":"cas","from":1,"to":2},"output":{}}`)).toBe(
      `h.jsonl:2: expected a cas's output to have a boolean "ok" (model cas-register)`,
    );
    const porcupine = '{"kvlab":"history","version":1,"model":"porcupine-kv"}';
    expect(refusal(`${porcupine}\n{"client":0,"call":1,"input":{"op":"append","key":"k"}}`)).toBe(
      `h.jsonl:2: expected an append's input to have a string "value" (model porcupine-kv)`,
    );
  });
});
