/**
 * The run viewer page's inline style and script. They are constants (no user data ever goes in
 * here), so the page stays one self-contained file that opens from disk with no network.
 */

export const PAGE_STYLE = `
:root { --ink: #1d2433; --muted: #5b6578; --line: #d8dde6; --bg: #f6f7f9;
  --linearized: #cfe0fb; --linearized-edge: #3567b5; --placed: #d3eed8; --placed-edge: #2f8a48;
  --unplaced: #ffd5d2; --unplaced-edge: #d0281c; --minimal: #ffe6b3; --minimal-edge: #c27c00;
  --other: #e6e8ec; --other-edge: #8a93a3; --req: #3567b5; --rep: #2f8a48; --drop: #d0281c; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, "DejaVu Sans", "Liberation Sans", sans-serif; color: var(--ink); background: var(--bg); }
header { padding: 16px 24px 8px; background: #fff; border-bottom: 1px solid var(--line); }
h1 { font-size: 20px; margin: 0 0 6px; display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
.verdict { font-size: 13px; text-transform: uppercase; letter-spacing: .05em; padding: 2px 10px; border-radius: 10px; color: #fff; background: var(--other-edge); }
.verdict.illegal, .verdict.fail { background: var(--unplaced-edge); }
.verdict.ok, .verdict.pass { background: var(--placed-edge); }
.verdict.unknown { background: var(--minimal-edge); }
.summary { margin: 0 0 6px; font-weight: 600; }
.facts { color: var(--muted); margin: 0 0 6px; }
.rerun { margin: 0 0 8px; }
.rerun code { background: #eef1f5; padding: 2px 6px; border-radius: 4px; user-select: all; }
pre.explanation { white-space: pre-wrap; max-height: 40vh; margin: 0 0 8px; padding: 8px 12px; background: #fbfbfc; border: 1px solid var(--line); border-radius: 6px; overflow-x: auto; font: 12.5px/1.5 ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace; }
.toolbar { display: flex; gap: 14px; align-items: center; flex-wrap: wrap; padding: 8px 24px; font-size: 12.5px; color: var(--muted); }
.toolbar button { font: inherit; padding: 1px 9px; border: 1px solid var(--line); background: #fff; border-radius: 4px; cursor: pointer; }
.legend { display: flex; gap: 12px; flex-wrap: wrap; align-items: center; }
.swatch { display: inline-block; width: 14px; height: 10px; border: 1.5px solid; border-radius: 2px; vertical-align: -1px; margin-right: 4px; }
.swatch.linearized { background: var(--linearized); border-color: var(--linearized-edge); }
.swatch.placed { background: var(--placed); border-color: var(--placed-edge); }
.swatch.unplaced { background: var(--unplaced); border-color: var(--unplaced-edge); }
.swatch.minimal { background: var(--minimal); border-color: var(--minimal-edge); border-style: dashed; }
.swatch.other { background: var(--other); border-color: var(--other-edge); }
.swatch.band { background: rgba(124, 77, 199, .18); border-color: rgba(124, 77, 199, .5); }
.scroller { display: flex; overflow: auto; margin: 0 24px 24px; background: #fff; border: 1px solid var(--line); border-radius: 6px; max-height: 78vh; }
svg.labels { position: sticky; left: 0; z-index: 1; background: #fff; border-right: 1px solid var(--line); flex: none; }
svg.chart { flex: none; }
svg text { font-family: system-ui, "DejaVu Sans", "Liberation Sans", sans-serif; }
.note { color: var(--muted); font-style: italic; padding: 0 24px; }
.rest .tables { display: flex; flex-wrap: wrap; gap: 18px; padding: 0 24px 10px; align-items: flex-start; }
.rest table { border-collapse: collapse; font-size: 12px; background: #fff; border: 1px solid var(--line); }
.rest caption { text-align: left; font-weight: 700; color: var(--muted); padding: 2px 0; }
.rest th, .rest td { padding: 2px 8px; text-align: left; border-bottom: 1px solid #f0f2f5; font-variant-numeric: tabular-nums; }
.rest .bar { display: inline-block; height: 8px; background: var(--linearized-edge); }
.section-title { font-size: 12px; font-weight: 700; fill: var(--muted); text-transform: uppercase; letter-spacing: .06em; }
.lane-name { font-size: 12px; fill: var(--ink); }
.tick text { font-size: 10.5px; fill: var(--muted); }
.tick line { stroke: #eceff3; }
.op rect.box { stroke-width: 1.5; rx: 3; }
.op.linearized rect.box { fill: var(--linearized); stroke: var(--linearized-edge); }
.op.placed rect.box { fill: var(--placed); stroke: var(--placed-edge); }
.op.unplaced rect.box { fill: var(--unplaced); stroke: var(--unplaced-edge); stroke-width: 3; }
.op.minimal rect.box { fill: var(--minimal); stroke: var(--minimal-edge); stroke-dasharray: 4 2; }
.op.other rect.box { fill: var(--other); stroke: var(--other-edge); }
.op.open rect.box { stroke-dasharray: 6 3; }
.op foreignObject { pointer-events: none; }
.op-text { height: 100%; padding: 2px 5px; font-size: 11px; line-height: 13px; color: var(--ink); overflow: hidden; }
.op-text .line { display: block; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.op-text .order { float: left; min-width: 17px; height: 17px; margin: 4px 4px 0 -2px; padding: 0 3px; border-radius: 9px; background: #fff; border: 1.2px solid var(--linearized-edge); font-size: 10px; font-weight: 700; line-height: 15px; text-align: center; }
.op.placed .order { border-color: var(--placed-edge); }
.op.dimmed, .msg.dimmed { opacity: .25; }
.op.dimmed.related, .msg.dimmed.related, .op.dimmed:hover, .msg.dimmed:hover { opacity: 1; }
.toolbar select { font: inherit; }
.op:hover rect.box, .op.related rect.box { filter: drop-shadow(0 0 3px rgba(0,0,0,.45)); }
.lamport-lane { stroke: #aab2c0; stroke-width: 1.2; }
.row-line { stroke: #f0f2f5; }
.msg line, .msg path { fill: none; stroke-width: 1.3; }
.msg .req { stroke: var(--req); }
.msg .rep { stroke: var(--rep); stroke-dasharray: 5 3; }
.msg.unreachable .req { stroke-dasharray: 2 3; stroke: var(--muted); }
.msg.discarded { opacity: .45; }
.msg .drop-mark { stroke: var(--drop); stroke-width: 2.4; }
.msg .lost-mark circle { fill: #fff; stroke: var(--drop); stroke-width: 1.5; }
.msg .lost-mark text, .msg .unreachable-mark text, .msg .dup-mark { font-size: 10px; font-weight: 700; fill: var(--drop); }
.msg .unreachable-mark circle { fill: #fff; stroke: var(--muted); stroke-width: 1.5; }
.msg .unreachable-mark text { fill: var(--muted); }
.msg .dup-mark { fill: #7c4dc7; }
.msg .hit { stroke: transparent; stroke-width: 8; }
.msg:hover .req, .msg:hover .rep, .msg.related .req, .msg.related .rep { stroke-width: 2.6; }
.marker rect { fill: rgba(124, 77, 199, .12); stroke: rgba(124, 77, 199, .45); stroke-dasharray: 3 3; }
.marker.crash rect { fill: rgba(208, 40, 28, .10); stroke: rgba(208, 40, 28, .5); }
.marker.restart rect { fill: rgba(47, 138, 72, .25); stroke: rgba(47, 138, 72, .7); }
.marker.network rect { fill: rgba(194, 124, 0, .15); stroke: rgba(194, 124, 0, .6); }
.marker text { font-size: 10.5px; fill: #5b3b99; font-weight: 600; }
.marker.crash text { fill: #a3201a; }
.band rect { stroke-width: 1; }
.band foreignObject { pointer-events: none; }
.band-text { font-size: 10px; line-height: 14px; padding: 0 4px; color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.band-0 rect, .swatch.band-0 { fill: rgba(53, 103, 181, .16); background: rgba(53, 103, 181, .16); stroke: rgba(53, 103, 181, .55); border-color: rgba(53, 103, 181, .55); }
.band-1 rect, .swatch.band-1 { fill: rgba(47, 138, 72, .16); background: rgba(47, 138, 72, .16); stroke: rgba(47, 138, 72, .55); border-color: rgba(47, 138, 72, .55); }
.band-2 rect, .swatch.band-2 { fill: rgba(194, 124, 0, .16); background: rgba(194, 124, 0, .16); stroke: rgba(194, 124, 0, .55); border-color: rgba(194, 124, 0, .55); }
.band-3 rect, .swatch.band-3 { fill: rgba(208, 40, 28, .16); background: rgba(208, 40, 28, .16); stroke: rgba(208, 40, 28, .55); border-color: rgba(208, 40, 28, .55); }
.band-4 rect, .swatch.band-4 { fill: rgba(124, 77, 199, .16); background: rgba(124, 77, 199, .16); stroke: rgba(124, 77, 199, .55); border-color: rgba(124, 77, 199, .55); }
.band-5 rect, .swatch.band-5 { fill: rgba(0, 128, 128, .16); background: rgba(0, 128, 128, .16); stroke: rgba(0, 128, 128, .55); border-color: rgba(0, 128, 128, .55); }
.band-6 rect, .swatch.band-6 { fill: rgba(138, 147, 163, .16); background: rgba(138, 147, 163, .16); stroke: rgba(138, 147, 163, .55); border-color: rgba(138, 147, 163, .55); }
.band-7 rect, .swatch.band-7 { fill: rgba(199, 77, 140, .16); background: rgba(199, 77, 140, .16); stroke: rgba(199, 77, 140, .55); border-color: rgba(199, 77, 140, .55); }
#tooltip { position: fixed; z-index: 10; max-width: 460px; padding: 8px 10px; background: #1d2433; color: #fff; border-radius: 6px; font-size: 12px; pointer-events: none; box-shadow: 0 4px 14px rgba(0,0,0,.25); }
#tooltip[hidden] { display: none; }
#tooltip .tip-title { font-weight: 700; margin-bottom: 4px; font-family: ui-monospace, "DejaVu Sans Mono", monospace; word-break: break-all; }
#tooltip table { border-collapse: collapse; }
#tooltip th { text-align: left; color: #aab4c8; font-weight: 500; padding: 1px 10px 1px 0; vertical-align: top; white-space: nowrap; }
#tooltip td { font-family: ui-monospace, "DejaVu Sans Mono", monospace; word-break: break-all; padding: 1px 0; }
`;

/**
 * Hover tooltips (from each element's data-tip JSON, written with textContent so nothing in it is
 * ever parsed as markup), highlighting an operation's messages and back, the time axis and
 * horizontal zoom, a choice of key, and opening at the violation.
 */
export const PAGE_SCRIPT = `
(() => {
  const tip = document.getElementById("tooltip");
  const related = (el) => {
    const op = el.getAttribute("data-op");
    if (op === null) return [];
    return [...document.querySelectorAll('[data-op="' + CSS.escape(op) + '"]')].filter((e) => e !== el);
  };
  let current = null;
  const show = (el, x, y) => {
    if (el !== current) {
      const data = JSON.parse(el.getAttribute("data-tip"));
      tip.replaceChildren();
      const title = document.createElement("div");
      title.className = "tip-title";
      title.textContent = data.title;
      const table = document.createElement("table");
      for (const [k, v] of data.rows) {
        const tr = table.insertRow();
        const th = document.createElement("th");
        th.textContent = k;
        const td = document.createElement("td");
        td.textContent = v;
        tr.append(th, td);
      }
      tip.append(title, table);
      tip.hidden = false;
      if (current) related(current).forEach((e) => e.classList.remove("related"));
      related(el).forEach((e) => e.classList.add("related"));
      current = el;
    }
    const pad = 14;
    const w = tip.offsetWidth, h = tip.offsetHeight;
    tip.style.left = Math.max(4, x + pad + w > innerWidth ? x - pad - w : x + pad) + "px";
    tip.style.top = Math.max(4, y + pad + h > innerHeight ? y - pad - h : y + pad) + "px";
  };
  const hide = () => {
    if (current) related(current).forEach((e) => e.classList.remove("related"));
    current = null;
    tip.hidden = true;
  };
  document.addEventListener("mouseover", (e) => {
    const el = e.target.closest && e.target.closest("[data-tip]");
    if (el) show(el, e.clientX, e.clientY); else hide();
  });
  document.addEventListener("mousemove", (e) => { if (current) show(current, e.clientX, e.clientY); });

  // Zoom is horizontal: each element's x attributes are recomputed from the times in its data-x
  // (and data-w for widths), and the axis is drawn afresh with a tick every ~120 px.
  const chart = document.querySelector("svg.chart");
  const labels = document.querySelector("svg.labels");
  const scroller = document.querySelector(".scroller");
  const axis = chart.querySelector(".axis");
  const d = chart.dataset;
  const start = Number(d.start), end = Number(d.end), px = Number(d.px), pad = Number(d.pad), tail = Number(d.tail);
  const height = Number(chart.getAttribute("height")), top = Number(axis.dataset.top);
  const placed = [...chart.querySelectorAll("[data-x]")].map((el) => [
    el,
    el.dataset.x.split(" ").map((spec) => spec.split(":")),
    el.dataset.w ? el.dataset.w.split(":").map(Number) : null,
  ]);
  let zoom = 1;
  const layout = () => {
    const k = px * zoom;
    const x = (t, offset) => Math.round((pad + (t - start) * k + offset) * 1000) / 1000;
    const width = x(end, pad + tail);
    chart.setAttribute("width", width);
    chart.setAttribute("viewBox", "0 0 " + width + " " + height);
    for (const [el, specs, w] of placed) {
      for (const [attr, t, offset] of specs) el.setAttribute(attr, x(Number(t), Number(offset)));
      if (w) el.setAttribute("width", Math.max(w[3], (w[1] - w[0]) * k + w[2]));
    }
    const rough = 120 / k, power = 10 ** Math.floor(Math.log10(rough));
    const step = [1, 2, 5, 10].find((m) => m * power >= rough) * power;
    const names = [];
    let ticks = "";
    for (let i = Math.ceil(start / step); i * step <= end + step / 2; i++) {
      const at = x(i * step, 0);
      ticks += '<g class="tick"><line x1="' + at + '" x2="' + at + '" y1="' + (top - 6) + '" y2="' + height + '"/><text x="' + (at + 3) + '" y="' + (top - 10) + '"></text></g>';
      names.push(Number((i * step).toPrecision(12)) + (d.unit ? " " + d.unit : ""));
    }
    axis.innerHTML = ticks;
    axis.querySelectorAll("text").forEach((text, i) => { text.textContent = names[i]; });
    document.getElementById("zoom-level").textContent = Math.round(zoom * 100) + "%";
  };
  // Zooming keeps the instant in the middle of the view where it was.
  const zoomTo = (z) => {
    const half = (scroller.clientWidth - labels.getBoundingClientRect().width) / 2;
    const t = start + (scroller.scrollLeft + half - pad) / (px * zoom);
    zoom = Math.min(64, Math.max(0.001, z));
    layout();
    scroller.scrollLeft = pad + (t - start) * px * zoom - half;
  };
  document.getElementById("zoom-in").addEventListener("click", () => zoomTo(zoom * 1.5));
  document.getElementById("zoom-out").addEventListener("click", () => zoomTo(zoom / 1.5));
  document.getElementById("zoom-fit").addEventListener("click", () => {
    const room = scroller.clientWidth - labels.getBoundingClientRect().width - 2 * pad - tail - 2;
    zoomTo(room / ((end - start) * px));
  });
  layout();

  const filter = document.getElementById("key-filter");
  // The other keys' operations fade, and the messages sent for them.
  const keyOf = new Map([...document.querySelectorAll(".op")].map((op) => [op.getAttribute("data-op"), op.getAttribute("data-key")]));
  const showKey = () => {
    for (const el of document.querySelectorAll(".op, .msg[data-op]")) {
      el.classList.toggle("dimmed", filter.value !== "" && keyOf.get(el.getAttribute("data-op")) !== filter.value);
    }
  };
  if (filter) { filter.addEventListener("change", showKey); showKey(); }
  // Open where it went wrong: the first operation that could not be placed, brought a third of
  // the way into view if it is out of sight.
  const wrong = document.querySelector(".op.unplaced rect");
  if (wrong) {
    const box = wrong.getBoundingClientRect(), view = scroller.getBoundingClientRect();
    const left = labels.getBoundingClientRect().right;
    if (box.left < left || box.right > view.right) scroller.scrollLeft += box.left - left - (view.right - left) / 3;
  }
})();
`;
