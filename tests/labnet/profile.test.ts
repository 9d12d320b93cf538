import { describe, expect, it } from "vitest";
import { compose, profileFromNames, profileProblem, profiles, type FaultProfile } from "../../labnet/index.js";

describe("labnet fault profiles as data", () => {
  it("the reliable profile loses nothing and still takes 50–150 µs a hop, so time moves", () => {
    expect(profiles.reliable).toEqual({
      name: "reliable",
      latency: { kind: "uniform", minMs: 0.05, maxMs: 0.15 },
      requestDelay: { kind: "fixed", ms: 0 },
      dropRequest: 0,
      dropReply: 0,
      duplicate: 0,
      reorder: 0,
      reorderDelay: { kind: "fixed", ms: 0 },
      unreachable: { kind: "uniform", minMs: 0, maxMs: 100 },
    });
  });

  it("the named layers carry labrpc's numbers", () => {
    expect(compose(profiles.unreliable)).toMatchObject({ requestDelay: { kind: "uniform", minMs: 0, maxMs: 27 }, dropRequest: 0.1, dropReply: 0.1 });
    expect(compose(profiles.longDelays).unreachable).toEqual({ kind: "uniform", minMs: 0, maxMs: 7000 });
    expect(compose(profiles.longReordering)).toMatchObject({ reorder: 2 / 3, reorderDelay: { kind: "skewed", baseMs: 200, spreadMs: 2000 } });
    expect(compose(profiles.duplicating).duplicate).toBe(0.1);
  });

  it("compose lays later layers over earlier ones, over the reliable profile, and names the result by its layers", () => {
    expect(compose()).toEqual(profiles.reliable);
    expect(compose(profiles.reliable).name).toBe("reliable");
    const layered = compose(profiles.unreliable, { name: "lossless", dropRequest: 0 }, profiles.reliable);
    // reliable, last, replaces every field again, but adds nothing to the name
    expect(layered).toEqual({ ...profiles.reliable, name: "unreliable+lossless" });
    const partial = compose(profiles.unreliable, { dropReply: 0.5 });
    expect(partial).toMatchObject({ name: "unreliable", dropRequest: 0.1, dropReply: 0.5 });
  });

  it("profiles compose by name, and survive a JSON round trip unchanged", () => {
    const both = profileFromNames(["unreliable", "longReordering"]);
    expect(both).toMatchObject({ name: "unreliable+long-reordering", dropRequest: 0.1, reorder: 600 / 900 });
    expect(JSON.parse(JSON.stringify(both))).toEqual(both);
    expect(profileFromNames([])).toEqual(profiles.reliable);
  });

  it("bad values are refused with the field named", () => {
    expect(() => compose({ dropRequest: 2 })).toThrow('invalid fault profile: "dropRequest" must be a probability in [0, 1], got 2');
    expect(() => compose({ latency: { kind: "uniform", minMs: 5, maxMs: 1 } })).toThrow('"latency": minMs is above maxMs');
    expect(() => compose({ droprequest: 0.1 } as Partial<FaultProfile>)).toThrow('unknown field "droprequest"');
    expect(() => profileFromNames(["flaky"])).toThrow('unknown fault profile "flaky"; known: reliable, unreliable, longDelays, longReordering, duplicating');
    expect(() => profileFromNames(["toString"])).toThrow('unknown fault profile "toString"');
  });

  it.each([
    [{ dropReply: -0.1 }, '"dropReply" must be a probability in [0, 1], got -0.1'],
    [{ duplicate: Number.NaN }, '"duplicate" must be a probability in [0, 1], got null'],
    [{ reorder: "0.5" }, '"reorder" must be a probability in [0, 1], got "0.5"'],
    [{ unreachable: { kind: "fixed", ms: -1 } }, '"unreachable": "ms" must be a finite number ≥ 0, got -1'],
    [{ reorderDelay: { kind: "gaussian" } }, '"reorderDelay": "kind" must be one of fixed, uniform, exponential, skewed; got "gaussian"'],
    [{ requestDelay: 5 }, '"requestDelay": expected a delay object such as {"kind":"fixed","ms":1}'],
  ])("profileProblem(%o) names the field", (profile, problem) => {
    expect(profileProblem(profile)).toBe(problem);
  });

  it("profileProblem accepts any partial profile whose fields are valid, and every shipped layer", () => {
    expect(profileProblem({})).toBeUndefined();
    expect(profileProblem({ name: "x", dropRequest: 0, dropReply: 1 })).toBeUndefined();
    for (const layer of Object.values(profiles)) expect(profileProblem(layer)).toBeUndefined();
  });
});
