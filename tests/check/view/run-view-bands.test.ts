import { describe, expect, it } from "vitest";
import { bandColours, BAND_COLOURS, drawChart } from "../../../src/check/view/run-view-chart.js";
import { renderRunView } from "../../../src/check/view/render-run-view.js";
import type { RunView, ViewBand } from "../../../src/check/view/run-view.js";

const view = (parts: Partial<RunView>): RunView => ({ title: "t", verdict: "fail", summary: "s", explanation: [], lanes: [], operations: [], messages: [], markers: [], ...parts });
const band = (lane: string, fromMs: number, untilMs: number, kind: string, label = `${kind} ${fromMs}`): ViewBand => ({ lane, fromMs, untilMs, kind, label });

/** The opening tags of the bands drawn, in order. */
const bandTags = (svg: string) => [...svg.matchAll(/<g class="band band-\d+"[^>]*>/g)].map((m) => m[0]);

describe("bands on lanes", () => {
  it("give each kind a colour in order of first appearance, the same kind the same colour, repeating past the palette", () => {
    const colours = bandColours([band("a", 0, 1, "follower"), band("a", 1, 2, "leader"), band("b", 0, 2, "follower")]);
    expect([...colours]).toEqual([["follower", 0], ["leader", 1]]);
    const many = bandColours(Array.from({ length: BAND_COLOURS + 1 }, (_, i) => band("a", i, i + 1, `k${i}`)));
    expect(many.get(`k${BAND_COLOURS}`)).toBe(0);
  });

  it("are drawn on their lane's line in the message diagram, even with no messages, each with its label and a tooltip", () => {
    const { chart, labels } = drawChart(view({ lanes: ["p0", "p1"], bands: [band("p1", 10, 50, "leader", "term 2 leader"), band("p0", 0, 30, "follower")] }));
    expect(labels).toContain(">p0<");
    expect(labels).toContain(">p1<");
    const tags = bandTags(chart);
    expect(tags).toHaveLength(2);
    expect(tags[0]).toContain('class="band band-0" data-kind="leader"');
    expect(tags[0]).toContain("term 2 leader");
    expect(chart).toContain('<div class="band-text">term 2 leader</div>');
    // p1 is the second lane: its band sits lower than p0's.
    const ys = [...chart.matchAll(/<g class="band[^>]*><rect[^>]* y="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(ys[0]).toBeGreaterThan(ys[1]!);
  });

  it("widen the time scale to cover them, and keep their times for zoom", () => {
    const { chart } = drawChart(view({ bands: [band("p0", 5, 500, "follower")] }));
    expect(chart).toMatch(/data-start="5" data-end="500"/);
    expect(chart).toContain('data-w="5:500:0:1"');
  });

  it("are listed in the page's legend by kind, escaped, and absent from a page without bands", () => {
    const page = renderRunView(view({ bands: [band("p0", 0, 10, "<down>"), band("p0", 10, 20, "up")] }));
    expect(page).toContain('<i class="swatch band-0"></i>&lt;down&gt;');
    expect(page).toContain('<i class="swatch band-1"></i>up');
    expect(page).not.toContain("<down>");
    expect(renderRunView(view({}))).not.toContain('class="swatch band-');
  });
});
