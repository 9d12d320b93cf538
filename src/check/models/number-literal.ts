import { createRequire } from "node:module";
import type * as LosslessJson from "lossless-json";

/**
 * A number as a history file wrote it (`1700000000000000010`, `1e400`), kept as its text because
 * no double holds it exactly. Readers compare it exactly or refuse it; they never round it.
 *
 * @example
 * new NumberLiteral("9007199254740993").value; // "9007199254740993"
 */
export class NumberLiteral {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

let library: typeof LosslessJson | undefined;

/**
 * lossless-json, loaded the first time a number needs it: most histories hold none that a double
 * cannot keep, and loading it on every start would cost `kvlab check` about 10 ms.
 *
 * @example
 * losslessJson().splitNumber("1.5e3"); // { sign: "", digits: "15", exponent: 3 }
 */
export function losslessJson(): typeof LosslessJson {
  return (library ??= createRequire(import.meta.url)("lossless-json") as typeof LosslessJson);
}
