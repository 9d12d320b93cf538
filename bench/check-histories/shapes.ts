import type { Workload } from "./simulate.js";

/** Which question a shape asks of a checker. */
export type ShapeGroup = "size" | "unknown" | "clients" | "spanning";

/** One named history: a workload, the seed its timeline comes from, and whether a read is corrupted. */
export interface Shape {
  name: string;
  group: ShapeGroup;
  workload: Workload;
  /** Shapes with the same seed name share their timeline (the u0..u5 series differ only in outcomes). */
  seedName: string;
  /** A get reads an impossible value (see corrupt.ts): the expected verdict is illegal. */
  corrupted: boolean;
}

const base = { maxGap: 4, maxDuration: 12, tookEffect: 0.5, spanning: 0 } as const;

/** Porcupine's kv test histories are mostly gets and appends, with a few puts; so are these. */
const sizeWorkload = (operations: number): Workload => ({ ...base, clients: 10, keys: 10, operations, mix: { get: 45, put: 10, append: 45 } });

const SIZES: [string, number][] = [["1k", 1_000], ["10k", 10_000], ["100k", 100_000], ["1m", 1_000_000]];

/** 10 clients on 10 keys, every operation returning, at 1k to 1M operations; each also with one read corrupted. */
const sizes: Shape[] = SIZES.flatMap(([label, operations]) =>
  [false, true].map((corrupted) => ({
    name: `size-${label}${corrupted ? "-bad" : ""}`,
    group: "size" as const,
    workload: sizeWorkload(operations),
    seedName: `size-${label}`,
    corrupted,
  })),
);

/** 15 operations of 3 clients on one key, 0 to 5 of the appends never returning (one timeline). */
const unknown15: Shape[] = [0, 1, 2, 3, 4, 5].map((count) => ({
  name: `unknown-15-u${count}`,
  group: "unknown",
  workload: { ...base, clients: 3, keys: 1, operations: 15, maxGap: 2, maxDuration: 6, mix: { get: 40, put: 0, append: 60 }, unknown: { count } },
  seedName: "unknown-15",
  corrupted: false,
}));

/** 200 operations of 5 clients on one key, 5%, 10% or 20% of the appends never returning, three seeds each. */
const unknown200: Shape[] = [5, 10, 20].flatMap((percent) =>
  [1, 2, 3].map((seed) => ({
    name: `unknown-200-p${String(percent).padStart(2, "0")}-s${seed}`,
    group: "unknown" as const,
    workload: { ...base, clients: 5, keys: 1, operations: 200, maxDuration: 10, mix: { get: 50, put: 0, append: 50 }, unknown: { fraction: percent / 100 } },
    seedName: `unknown-200-p${percent}-s${seed}`,
    corrupted: false,
  })),
);

/** 500 operations of 40 clients on one key, each lasting long enough that about all 40 overlap. */
const clients40: Shape = {
  name: "clients-40-500",
  group: "clients",
  workload: { ...base, clients: 40, keys: 1, operations: 500, maxGap: 2, maxDuration: 40, mix: { get: 50, put: 10, append: 40 } },
  seedName: "clients-40-500",
  corrupted: false,
};

/** 3,000 operations of 5 clients on one key, 16 of them appends called first and returning last. */
const spanning16: Shape = {
  name: "spanning-16-3000",
  group: "spanning",
  workload: { ...base, clients: 5, keys: 1, operations: 3_000, maxDuration: 10, mix: { get: 50, put: 10, append: 40 }, spanning: 16 },
  seedName: "spanning-16-3000",
  corrupted: false,
};

/** Every shape, in the order they are written and reported. */
export const SHAPES: readonly Shape[] = [...sizes, ...unknown15, ...unknown200, clients40, spanning16];
