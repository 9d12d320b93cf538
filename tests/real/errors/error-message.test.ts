import { describe, expect, it } from "vitest";
import { errorMessage } from "../../../src/real/errors/index.js";

describe("errorMessage", () => {
  it("is an Error's message, without its name or stack", () => {
    expect(errorMessage(new TypeError("bad frame"))).toBe("bad frame");
    expect(errorMessage(Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" }))).toBe("EACCES: permission denied");
  });

  it("is any other thrown value as text, since a library may throw anything", () => {
    expect([errorMessage("lost"), errorMessage(42), errorMessage(undefined), errorMessage(null)]).toEqual(["lost", "42", "undefined", "null"]);
    expect(errorMessage({ toString: () => "custom" })).toBe("custom");
  });
});
