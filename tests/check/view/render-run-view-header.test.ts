// The run viewer page around the chart: the facts line, the rerun and explanation, the legend of
// the roles and faults in use, the key filter, and the summary of a run too big to draw whole.
import { describe, expect, it } from "vitest";
import { renderRunView } from "../../../src/check/view/render-run-view.js";
import type { RunSummary, RunView, ViewOperation } from "../../../src/check/view/run-view.js";

const operation = (id: number, lane: string, key: string, role: ViewOperation["role"]): ViewOperation => ({ id, lane, callMs: id, returnMs: id + 1, label: `op${id}`, key, role, details: {} });
const view = (parts: Partial<RunView>): RunView => ({ title: "t", verdict: "ok", summary: "s", explanation: [], lanes: [], operations: [], messages: [], markers: [], ...parts });
const between = (html: string, start: string, end: string) => html.slice(html.indexOf(start), html.indexOf(end, html.indexOf(start)));

describe("the page's header", () => {
  it("counts operations, clients, messages and faults, one or many", () => {
    const one = renderRunView(view({ operations: [operation(0, "c1", "k", "linearized")], markers: [{ atMs: 0, kind: "crash", label: "x" }] }));
    expect(one).toContain('<p class="facts">1 operation by 1 client · 0 messages · 1 fault</p>');
    const many = renderRunView(view({ operations: [operation(0, "c1", "k", "linearized"), operation(1, "c2", "k", "linearized"), operation(2, "c2", "k", "linearized")] }));
    expect(many).toContain('<p class="facts">3 operations by 2 clients · 0 messages · 0 faults</p>');
    expect(renderRunView(view({}))).toContain('<p class="facts">0 operations · 0 messages · 0 faults</p>');
  });

  it("shows the rerun command and the explanation only when there are some", () => {
    const bare = renderRunView(view({}));
    expect(bare).not.toContain('class="rerun"');
    expect(bare).not.toContain('class="explanation"');
    const full = renderRunView(view({ rerun: "kvlab check h.jsonl", explanation: ["line one", "line two"] }));
    expect(full).toContain('<p class="rerun">Rerun: <code>kvlab check h.jsonl</code></p>');
    expect(full).toContain('<pre class="explanation">line one\nline two</pre>');
  });

  it("titles the page with the run and its verdict, and colours the verdict by it", () => {
    const html = renderRunView(view({ title: "TestX, seed 2", verdict: "fail" }));
    expect(html).toContain("<title>TestX, seed 2: fail</title>");
    expect(html).toContain('<span class="verdict fail">fail</span>');
  });
});

describe("the legend and the key filter", () => {
  it("lists only the roles in use, in a fixed order, and the fault band only with faults", () => {
    const html = renderRunView(view({ operations: [operation(0, "c", "k", "other"), operation(1, "c", "k", "unplaced"), operation(2, "c", "k", "placed")] }));
    const legend = between(html, '<span class="legend">', "</span></span>");
    expect([...legend.matchAll(/swatch (\w+)/g)].map((m) => m[1])).toEqual(["placed", "unplaced", "other"]);
    const faults = renderRunView(view({ operations: [operation(0, "c", "k", "linearized")], markers: [{ atMs: 0, kind: "partition", label: "p" }] }));
    expect(between(faults, '<span class="legend">', '<div id="tooltip"')).toContain('<i class="swatch band"></i>fault');
  });

  it("offers a choice of key only with several keys, sorted as numbers, starting on the violation's key", () => {
    expect(renderRunView(view({ operations: [operation(0, "c", "k", "linearized")] }))).not.toContain('id="key-filter"');
    const html = renderRunView(view({ operations: [operation(0, "c", "k10", "placed"), operation(1, "c", "k2", "unplaced"), operation(2, "c", "k1", "other")] }));
    const options = [...between(html, '<select id="key-filter">', "</select>").matchAll(/<option value="([^"]*)"( selected)?>([^<]*)</g)].map((m) => [m[1], m[2] !== undefined, m[3]]);
    expect(options).toEqual([
      ["", false, "all"],
      ["k1", false, "&quot;k1&quot;"],
      ["k2", true, "&quot;k2&quot;"],
      ["k10", false, "&quot;k10&quot;"],
    ]);
    const calm = renderRunView(view({ operations: [operation(0, "c", "a", "linearized"), operation(1, "c", "b", "linearized")] }));
    expect(calm).toContain('<option value="" selected>all</option>');
  });
});

describe("the summary of a run too big to draw", () => {
  const rest: RunSummary = {
    shown: { operations: 300, messages: 1200, faults: 2, fromMs: 10.12345, toMs: 20 },
    total: { operations: 12_345, messages: 50_000, faults: 7 },
    byKind: [["put → OK", 12_000], ["get → OK", 345]],
    messageFates: [["delivered", 49_000], ["lost", 1000]],
    byClient: [["clerk-1", 100]],
    otherClients: { clients: 1234, operations: 12_245 },
    buckets: [
      { fromMs: 0, toMs: 50, operations: 10, messages: 30, failedMessages: 2 },
      { fromMs: 50, toMs: 100, operations: 5, messages: 15, failedMessages: 0 },
    ],
  };

  it("says what the chart draws of the whole, and counts the whole in tables", () => {
    const html = renderRunView(view({ rest, operations: [operation(0, "c1", "k", "linearized")] }));
    expect(html).toContain("the chart below draws 300 of its 12,345 operations, 1200 of its 50,000 messages and 2 of its 7 faults, from 10.123 ms to 20 ms, around what went wrong.");
    expect(html).toContain('<p class="facts">12,345 operations (300 drawn, by 1 client) · 50,000 messages (1200 drawn) · 7 faults (2 drawn)</p>');
    expect(html).toContain("<tr><td>put → OK</td><td>12,000</td></tr>");
    expect(html).toContain("<tr><td>lost</td><td>1,000</td></tr>");
    expect(html).toContain("<tr><td>1,234 other clients</td><td>12,245</td></tr>");
    // A bar per slice, as long as its share of the busiest slice (40 → 100 px, 20 → 50 px).
    expect([...html.matchAll(/class="bar" style="width:(\d+)px"/g)].map((m) => Number(m[1]))).toEqual([100, 50]);
  });

  it("writes times in the view's unit, or bare for a history's ranks", () => {
    const html = renderRunView(view({ rest, timeUnit: "" }));
    expect(html).toContain("from 10.123 to 20, around what went wrong.");
    expect(html).toContain("<tr><td>0</td><td>50</td><td>10</td><td>30</td><td>2</td>");
  });

  it("names no other clients when every client is named", () => {
    const html = renderRunView(view({ rest: { ...rest, otherClients: { clients: 0, operations: 0 } } }));
    expect(html).not.toContain("other clients");
  });
});
