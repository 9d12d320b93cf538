import { describe, expect, it } from "vitest";
import { renderRunView } from "../../../src/check/view/render-run-view.js";
import type { RunView } from "../../../src/check/view/run-view.js";
import { sampleView } from "./sample-view.js";

const EVIL = "<script>alert(1)</script>";

/** A run whose every piece of text came from user code that tries to inject markup. */
function evilView(): RunView {
  const view = sampleView();
  view.title = EVIL;
  view.summary = EVIL;
  view.explanation = [EVIL];
  view.rerun = EVIL;
  view.lanes = [EVIL, "clerk-2", "kvserver"];
  view.operations[0]!.lane = EVIL;
  view.operations[0]!.label = `put("${EVIL}", "'a'", 0) -> OK`;
  view.operations[0]!.key = EVIL;
  view.operations[0]!.details = { [EVIL]: `"${EVIL}"` };
  view.messages[0]!.id = EVIL;
  view.messages[0]!.from = EVIL;
  view.messages[0]!.details = { reply: EVIL };
  view.markers[0]!.label = EVIL;
  return view;
}

/** The data-tip JSON of the element whose opening tag starts with `start`, unescaped. */
function tipOf(html: string, start: string): { title: string; rows: [string, string][] } {
  const at = html.indexOf(start);
  expect(at).toBeGreaterThanOrEqual(0);
  const tag = html.slice(at, html.indexOf(">", at));
  const raw = /data-tip="([^"]*)"/.exec(tag)![1]!;
  const text = raw.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[e]!);
  return JSON.parse(text) as { title: string; rows: [string, string][] };
}

describe("renderRunView", () => {
  it("escapes every text from user code, so the page's own script is the only one", () => {
    const html = renderRunView(evilView());
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toContain(EVIL);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    // Inside a tooltip the text survives exactly, to be shown as text.
    const tip = tipOf(html, '<g class="op placed" data-op="0"');
    expect(tip.title).toBe(`#0 put("${EVIL}", "'a'", 0) -> OK`);
    expect(tip.rows).toContainEqual([EVIL, `"${EVIL}"`]);
  });

  it("names no URL, so it opens from disk with no network", () => {
    const html = renderRunView(sampleView());
    expect(html).not.toMatch(/https?:|\b(src|href)=|@import|url\((?!#)/);
    expect(html).toContain(`content="default-src 'none';`);
  });

  it("draws an operation that never returned as an open box to the end of the chart, at any zoom", () => {
    const html = renderRunView(sampleView());
    const open = /<g class="op other open" data-op="4"[^>]*><rect class="box" x="([\d.]+)" width="([\d.]+)" data-x="x:95:0" data-w="95:([\d.]+):([\d.]+):3"/.exec(html)!;
    const chartWidth = Number(/<svg class="chart" width="([\d.]+)"/.exec(html)![1]);
    const right = Number(open[1]) + Number(open[2]);
    expect(right).toBeGreaterThan(chartWidth - 56);
    expect(right).toBeLessThanOrEqual(chartWidth);
    // For zoom, its width runs to the chart's last instant (the crash ends at 110) plus a fixed tail.
    expect(Number(open[3])).toBe(110);
    expect(Number(open[4])).toBeGreaterThan(0);
    expect(tipOf(html, '<g class="op other open" data-op="4"').rows).toContainEqual(["returned", "never"]);
    expect(html.match(/class="op [^"]*open/g)).toHaveLength(1);
  });

  it("without messages: no Lamport diagram, and a note saying so", () => {
    const view = { ...sampleView(), messages: [], markers: [] };
    const html = renderRunView(view);
    expect(html).not.toMatch(/class="msg|class="lamport-lane|>Messages</);
    expect(html).toContain('class="note no-messages"');
    expect(html.match(/<g class="lane"/g)).toHaveLength(2);
    expect(renderRunView(sampleView())).toMatch(/>Messages</);
  });

  it("renders a long run: 40,000 messages", () => {
    const view = sampleView();
    const [first] = view.messages;
    view.messages = Array.from({ length: 40_000 }, (_, i) => ({ ...first!, id: `clerk-1#${i}`, sendMs: i / 100, arriveMs: i / 100 + 1 }));
    const html = renderRunView(view);
    expect(html.match(/<g class="msg /g)).toHaveLength(40_000);
  });

  it("renders an empty run without failing", () => {
    const html = renderRunView({ title: "empty", verdict: "pass", summary: "nothing ran", explanation: [], lanes: [], operations: [], messages: [], markers: [] });
    expect(html).toContain('<svg class="chart"');
    expect(html).not.toContain('class="op');
  });
});
