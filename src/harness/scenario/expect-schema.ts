import { z } from "zod";

/**
 * A scenario's `expect` field, the same in every lab's scenario files (ScenarioEnvelope's
 * `expect`): the verdict the scenario should reach and, optionally, its message and trace.
 */
export const scenarioExpectSchema = z
  .object({
    verdict: z.enum(["pass", "fail"]),
    message: z.string().optional(),
    traceHash: z.string().regex(/^[0-9a-f]{16}$/, "16 hex digits").optional(),
    /** A file of formatted trace lines (relative to the scenario), to name the first divergent event. */
    traceFile: z.string().optional(),
    /**
     * The failure is a bug recorded to be fixed (kvlab fuzz writes these): a replay that
     * passes says the bug is fixed and succeeds; one that fails still has it (see replayOutcome).
     */
    regression: z.literal(true).optional(),
  })
  .strict()
  .refine((expect) => !expect.regression || expect.verdict === "fail", { message: 'a regression scenario records a failure: its verdict is "fail"', path: ["regression"] });
