import type { Model } from "../model.js";
import { casRegisterModel, readCasInput, readCasOutput } from "./cas-register.js";
import { kvModel, kvStrictModel, readKvInput, readKvOutput } from "./kv.js";
import { appendKvModel, readAppendKvInput, readAppendKvOutput } from "./porcupine-kv.js";
import { readRegisterInput, readRegisterOutput, registerModel } from "./register.js";

/**
 * A model kvlab ships, by name, with the readers that turn a history file's JSON inputs and
 * outputs into the model's types (they throw a ShapeError saying what was expected).
 *
 * @example
 * const { model, readInput } = findModel("register")!;
 * model.step(model.init(), readInput({ op: "write", value: 1 }), {}); // 1
 */
export interface ShippedModel {
  name: string;
  summary: string;
  // The registry holds models of different types; each entry's readers match its model.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  model: Model<any, any, any>;
  readInput(value: unknown): unknown;
  readOutput(value: unknown, input: never): unknown;
}

/**
 * The shipped models, by name.
 *
 * @example
 * shippedModels.find((m) => m.name === "kv")!.model === kvModel; // true
 */
export const shippedModels: readonly ShippedModel[] = [
  {
    name: "kv",
    summary: "versioned key/value service: get checks the value; put's version decides; ErrMaybe either way",
    model: kvModel,
    readInput: readKvInput,
    readOutput: readKvOutput,
  },
  {
    name: "kv-strict",
    summary: "kv, and get's version and ErrNoKey are checked too",
    model: kvStrictModel,
    readInput: readKvInput,
    readOutput: readKvOutput,
  },
  {
    name: "porcupine-kv",
    summary: "Porcupine's kv test service: get, put and append on string keys",
    model: appendKvModel,
    readInput: readAppendKvInput,
    readOutput: readAppendKvOutput,
  },
  {
    name: "cas-register",
    summary: "Jepsen's etcd register: read, write, compare-and-set on one integer",
    model: casRegisterModel,
    readInput: readCasInput,
    readOutput: readCasOutput,
  },
  {
    name: "register",
    summary: "a plain read/write register",
    model: registerModel,
    readInput: readRegisterInput,
    readOutput: readRegisterOutput,
  },
];

/**
 * The shipped model called `name`, or undefined.
 *
 * @example
 * findModel("kv-strict")?.model; // kvStrictModel
 */
export function findModel(name: string): ShippedModel | undefined {
  return shippedModels.find((m) => m.name === name);
}
