import { runInWorld, type Explanation, type Run } from "../../../src/harness/index.js";
import type { CounterImplementation } from "./contract.js";
import { counterModel } from "./model.js";
import type { CounterWorld } from "./world.js";

/**
 * Explains a failed counter run: it runs again (runs are deterministic) and shows what each
 * client saw, one lane per client, for the page the harness writes. Nothing for a run that passes.
 */
export async function explainCounterRun(run: Run<CounterImplementation>): Promise<Explanation | undefined> {
  const { report, world } = await runInWorld<CounterWorld>({ ...run, options: { ...run.options, forensics: true } });
  if (report.verdict !== "fail" || world === undefined) return undefined;
  const lanes = [...new Set(world.history.map((op) => String(op.client)))];
  const describe = counterModel.describeOperation!;
  return {
    lines: [`  the clients made ${world.history.length} calls, ${world.history.filter((op) => op.input.op === "increment").length} of them increments`],
    view: {
      title: `${run.definition.name}, seed ${run.seed}`,
      verdict: "fail",
      summary: report.message ?? "",
      explanation: world.history.map((op) => `${op.client}: ${describe(op.input, op.output)}`),
      lanes,
      operations: world.history.map((op, id) => ({
        id,
        lane: String(op.client),
        callMs: op.call,
        ...(op.return === undefined ? {} : { returnMs: op.return }),
        label: describe(op.input, op.output),
        key: "counter",
        role: "other",
        details: {},
      })),
      messages: [],
      markers: [],
    },
  };
}
