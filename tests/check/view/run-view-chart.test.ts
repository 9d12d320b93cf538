import { describe, expect, it } from "vitest";
import { drawChart } from "../../../src/check/view/run-view-chart.js";
import type { RunView, ViewMessage, ViewOperation } from "../../../src/check/view/run-view.js";

const operation = (id: number, lane: string, callMs: number, returnMs: number | undefined, extra: Partial<ViewOperation> = {}): ViewOperation => {
  const op: ViewOperation = { id, lane, callMs, label: `op${id}() -> OK`, key: "k", role: "other", details: {}, ...extra };
  if (returnMs !== undefined) op.returnMs = returnMs;
  return op;
};
const view = (parts: Partial<RunView>): RunView => ({ title: "t", verdict: "ok", summary: "s", explanation: [], lanes: [], operations: [], messages: [], markers: [], ...parts });

/** The attributes of the chart's root svg element. */
function svgData(svg: string): Record<string, string> {
  const tag = svg.slice(0, svg.indexOf(">"));
  return Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

/** The opening tags of the elements whose class list starts with `cls`. */
const tags = (svg: string, cls: string) => [...svg.matchAll(new RegExp(`<g class="${cls}[^"]*"[^>]*>`, "g"))].map((m) => m[0]);

/** The tip of an element's opening tag, unescaped. */
function tip(tag: string): { title: string; rows: [string, string][] } {
  const raw = /data-tip="([^"]*)"/.exec(tag)![1]!;
  return JSON.parse(raw.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[e]!));
}

describe("drawChart's time scale", () => {
  it("spans the earliest to the latest instant of operations, messages and faults", () => {
    const message: ViewMessage = { id: "m", from: "c", to: "s", sendMs: -5, arriveMs: 3, replySendMs: 4, replyArriveMs: 7, fate: "delivered", details: {} };
    const data = svgData(drawChart(view({ operations: [operation(0, "c", 0, 10)], messages: [message], markers: [{ atMs: 2, untilMs: 40, kind: "partition", label: "p" }] })).chart);
    expect([data["data-start"], data["data-end"]]).toEqual(["-5", "40"]);
  });

  it("is at least a screen wide, and wide enough for a median operation's label", () => {
    const short = svgData(drawChart(view({ operations: [operation(0, "c", 0, 100)] })).chart);
    // 960 px over 100 units, or 150 px for the median (100): the larger.
    expect(Number(short["data-px"])).toBe(9.6);
    expect(Number(short.width)).toBe(2 * 16 + 960 + 56);
    const many = svgData(drawChart(view({ operations: [operation(0, "c", 0, 1), operation(1, "c", 1, 2), operation(2, "c", 2, 100)] })).chart);
    expect(Number(many["data-px"])).toBe(150);
  });

  it("stops at 30,000 px however short the operations", () => {
    const data = svgData(drawChart(view({ operations: [operation(0, "c", 0, 0.001), operation(1, "c", 0, 0.001), operation(2, "c", 999.999, 1000)] })).chart);
    expect(Number(data["data-px"])).toBe(30);
    expect(Number(data.width)).toBe(2 * 16 + 30_000 + 56);
  });

  it("draws an empty run, or a run of one instant, a screen wide", () => {
    expect(svgData(drawChart(view({})).chart)).toMatchObject({ "data-start": "0", "data-end": "1", width: String(32 + 960 + 56) });
    const instant = svgData(drawChart(view({ operations: [operation(0, "c", 5, 5)] })).chart);
    expect(Number(instant.width)).toBe(32 + 960 + 56);
  });

  it("says the unit on the chart and in each tip, and none for a history's bare numbers", () => {
    const ops = [operation(0, "c", 0, 10)];
    const ms = drawChart(view({ operations: ops })).chart;
    expect(svgData(ms)["data-unit"]).toBe("ms");
    expect(tip(tags(ms, "op")[0]!).rows).toContainEqual(["took", "10 ms"]);
    const bare = drawChart(view({ operations: ops, timeUnit: "" })).chart;
    expect(svgData(bare)["data-unit"]).toBe("");
    expect(tip(tags(bare, "op")[0]!).rows).toContainEqual(["took", "10"]);
  });
});

describe("drawChart's history rows", () => {
  it("stacks a lane's overlapping operations on rows of their own; touching ones share a row", () => {
    const ops = [operation(0, "c", 0, 10), operation(1, "c", 10, 20), operation(2, "c", 5, 15), operation(3, "c", 15, 30)];
    const chart = drawChart(view({ lanes: ["c"], operations: ops })).chart;
    const y = (id: number) => Number(new RegExp(`data-op="${id}"[^>]*><rect class="box"[^>]* y="([\\d.]+)"`).exec(chart)![1]);
    expect(y(0)).toBe(y(1));
    expect(y(2) - y(0)).toBe(42);
    expect(y(3)).toBe(y(2));
  });

  it("keeps lanes in the view's order, then lanes it does not name, and draws no row for a lane without operations", () => {
    const { labels } = drawChart(view({ lanes: ["b", "empty", "a"], operations: [operation(0, "a", 0, 1), operation(1, "z", 0, 1), operation(2, "b", 0, 1)] }));
    const names = [...labels.matchAll(/class="lane-name"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(names).toEqual(["b", "a", "z"]);
    expect(labels).toContain(">History<");
    expect(labels).not.toContain(">Messages<");
  });

  it("an operation's tip says its lane, times, role, order, key and details; an open one never returned", () => {
    const done = operation(7, "c", 2, 9, { role: "unplaced", order: 3, key: "x", details: { "state before": "1" }, label: "get() -> 2" });
    const open = operation(8, "c", 10, undefined, { role: "linearized" });
    const chart = drawChart(view({ operations: [done, open] })).chart;
    const [first, second] = tags(chart, "op");
    expect(first).toMatch(/^<g class="op unplaced" data-op="7" data-key="x"/);
    expect(tip(first!)).toEqual({
      title: "#7 get() -> 2",
      rows: [
        ["lane", "c"],
        ["called", "2 ms"],
        ["returned", "9 ms"],
        ["took", "7 ms"],
        ["role", "could not be placed next: the violation"],
        ["order", "3"],
        ["key", "x"],
        ["state before", "1"],
      ],
    });
    expect(second).toMatch(/^<g class="op linearized open"/);
    expect(tip(second!).rows.slice(0, 4)).toEqual([
      ["lane", "c"],
      ["called", "10 ms"],
      ["returned", "never"],
      ["role", "in the linearization found"],
    ]);
  });

  it("writes a label on two lines, the call then what it returned, and a badge for the order", () => {
    const chart = drawChart(view({ operations: [operation(0, "c", 0, 5, { label: 'put("a -> b") → OK', order: 4 }), operation(1, "c", 6, 9, { label: "plain" })] })).chart;
    expect(chart).toContain('<span class="order">4</span><span class="line">put(&quot;a</span><span class="line">→ b&quot;) → OK</span>');
    expect(chart).toContain('<div class="op-text"><span class="line">plain</span></div>');
  });
});

describe("drawChart's messages", () => {
  const message = (id: string, fate: ViewMessage["fate"], extra: Partial<ViewMessage> = {}): ViewMessage => ({ id, from: "c", to: "s", sendMs: 0, arriveMs: 4, fate, details: {}, ...extra });

  it("marks each fate: arrows with heads where delivered, a cross where dropped, ! where unreachable, ? where lost, dup on a copy", () => {
    const messages = [
      message("a", "delivered", { replySendMs: 5, replyArriveMs: 9 }),
      message("b", "request-dropped"),
      message("c", "reply-dropped", { replySendMs: 5 }),
      message("d", "reply-dropped"),
      message("e", "unreachable"),
      message("f", "lost", { replySendMs: 5 }),
      message("g", "lost"),
      message("h (copy 1)", "discarded", { replySendMs: 5, replyArriveMs: 8 }),
    ];
    const chart = drawChart(view({ lanes: ["c", "s"], messages })).chart;
    const group = (id: string) => {
      const start = chart.indexOf(`data-msg="${id}"`);
      return chart.slice(chart.lastIndexOf("<g", start), chart.indexOf('<g class="msg', start + 1) === -1 ? undefined : chart.indexOf('<g class="msg', start + 1));
    };
    const count = (text: string, part: string) => text.split(part).length - 1;
    expect(group("a")).toMatch(/^<g class="msg delivered"/);
    expect(count(group("a"), "marker-end")).toBe(2);
    expect(group("b")).toMatch(/^<g class="msg request-dropped dropped"/);
    expect([count(group("b"), "drop-mark"), count(group("b"), "marker-end")]).toEqual([1, 0]);
    expect([count(group("c"), "drop-mark"), count(group("c"), "marker-end")]).toEqual([1, 1]);
    expect([count(group("d"), "drop-mark"), count(group("d"), "marker-end")]).toEqual([1, 1]);
    expect([count(group("e"), "unreachable-mark"), count(group("e"), "marker-end")]).toEqual([1, 0]);
    expect([count(group("f"), "lost-mark"), count(group("f"), "marker-end")]).toEqual([1, 1]);
    expect([count(group("g"), "lost-mark"), count(group("g"), "marker-end")]).toEqual([1, 1]);
    expect(group("h (copy 1)")).toMatch(/^<g class="msg discarded dup"/);
    expect(group("h (copy 1)")).toContain(">dup</text>");
  });

  it("a message's tip says its fate, its times (arrived, or gave up), and the operation it served", () => {
    const messages = [message("a", "delivered", { replySendMs: 5, replyArriveMs: 9, operation: 0, details: { method: "get" } }), message("b", "request-dropped", { operation: 5 })];
    const chart = drawChart(view({ operations: [operation(0, "c", 0, 10, { label: "get() -> x" })], messages })).chart;
    const [a, b] = tags(chart, "msg");
    expect(a).toContain('data-op="0"');
    expect(tip(a!)).toEqual({
      title: "a: c → s",
      rows: [
        ["fate", "delivered, and the reply came back"],
        ["sent", "0 ms"],
        ["arrived", "4 ms"],
        ["reply sent", "5 ms"],
        ["reply arrived", "9 ms"],
        ["operation", "#0 get() -> x"],
        ["method", "get"],
      ],
    });
    expect(tip(b!).rows).toEqual([
      ["fate", "the request was dropped"],
      ["sent", "0 ms"],
      ["gave up", "4 ms"],
      ["operation", "#5"],
    ]);
  });

  it("draws a wire for every lane the view names and every lane a message touches", () => {
    const { labels, chart } = drawChart(view({ lanes: ["c", "idle"], messages: [message("a", "delivered", { to: "srv" })] }));
    expect([...chart.matchAll(/class="lamport-lane" data-lane="([^"]*)"/g)].map((m) => m[1])).toEqual(["c", "idle", "srv"]);
    expect(labels).toContain(">Messages<");
    expect(labels).not.toContain(">History<");
  });
});

describe("drawChart's faults and names", () => {
  it("draws a band per fault with its tip, a long label cut to 40 characters, a long lane name to 22", () => {
    const label = "x".repeat(50);
    const lane = "a-very-long-client-name-indeed";
    const { labels, chart } = drawChart(view({ operations: [operation(0, lane, 0, 100)], markers: [{ atMs: 10, untilMs: 20, kind: "partition", label }, { atMs: 30, kind: "crash", label: "down" }] }));
    const [band, crash] = tags(chart, "marker");
    expect(band).toMatch(/^<g class="marker partition"/);
    expect(tip(band!)).toEqual({ title: label, rows: [["kind", "partition"], ["from", "10 ms"], ["until", "20 ms"]] });
    expect(tip(crash!).rows).toEqual([["kind", "crash"], ["from", "30 ms"]]);
    expect(chart).toContain(`>${"x".repeat(39)}…</text>`);
    expect(labels).toContain(`>${lane.slice(0, 21)}…</text>`);
  });

  it("ends a label at its band near the right edge, so it stays inside the chart", () => {
    const chart = drawChart(view({ operations: [operation(0, "c", 0, 100)], markers: [{ atMs: 99, untilMs: 100, kind: "network", label: "network: unreliable again" }, { atMs: 1, kind: "restart", label: "up" }] })).chart;
    expect(chart).toMatch(/<g class="marker network"[^>]*><rect[^>]*\/><text[^>]*text-anchor="end"/);
    expect(chart).not.toMatch(/<g class="marker restart"[^>]*><rect[^>]*\/><text[^>]*text-anchor="end"/);
  });

  it("escapes every name it writes", () => {
    const evil = "<b>&'\"";
    const { labels, chart } = drawChart(view({ lanes: [evil], operations: [operation(0, evil, 0, 1, { key: evil, label: evil })], markers: [{ atMs: 0, kind: "crash", label: evil }] }));
    for (const svg of [labels, chart]) expect(svg).not.toContain("<b>");
  });
});
