import { escapeHtml, type Tip, tipAttribute } from "./html.js";
import type { RunView, ViewBand, ViewMarker, ViewMessage, ViewOperation } from "./run-view.js";

/**
 * The run viewer's drawing: one time axis shared by the history (a row per client, a box per
 * operation) and the Lamport diagram (a line per lane, an arrow per message), with faults as
 * shaded bands across both. Lane names go in a separate narrow drawing so they stay in view while
 * the chart scrolls sideways.
 *
 * Zoom is horizontal only, so text keeps its size: every x coordinate is written as a time plus a
 * pixel offset (`data-x="x1:12.5:0"`, widths as `data-w="from:to:px:min"`), and the page's
 * script recomputes them for a new scale, and draws the time axis, with the same formula as
 * {@link Scale.x}: PAD + (t - start) × px per unit + offset.
 */
export interface Chart {
  labels: string;
  chart: string;
}

const LABEL_W = 150;
const PAD_X = 16;
/** Room past the last instant, where operations that never returned trail off. */
const TAIL = 56;
const AXIS_H = 28;
/** Room for a section's title, and for fault labels above the first lane. */
const TITLE_H = 30;
const ROW_H = 42;
const BOX_H = 32;
const WIRE_GAP = 52;
const SECTION_GAP = 14;
/** Average width of a character of the 10.5 px fault labels, to keep them inside the chart. */
const CHAR_W = 6;
/** Where an open-ended operation's box ends, past the last instant. */
const OPEN_END = PAD_X + (2 * TAIL) / 3;

const ROLE_TEXT: Record<ViewOperation["role"], string> = {
  linearized: "in the linearization found",
  placed: "in the longest partial linearization",
  unplaced: "could not be placed next: the violation",
  minimal: "in the smallest sub-history that is still illegal",
  other: "not placed in any order shown",
};

const FATE_TEXT: Record<ViewMessage["fate"], string> = {
  delivered: "delivered, and the reply came back",
  "request-dropped": "the request was dropped",
  "reply-dropped": "the handler ran, but its reply was dropped",
  unreachable: "the server was unreachable",
  lost: "lost: the server crashed before the reply came back",
  discarded: "the reply came back but was discarded",
};

/** Draws `view`. Widths and heights are in px at zoom 1; the page's script zooms both drawings alike. */
export function drawChart(view: RunView): Chart {
  const scale = timeScale(view);
  const unit = view.timeUnit ?? "ms";
  const time = (t: number): string => `${round(t)}${unit === "" ? "" : ` ${unit}`}`;
  const labels: string[] = [];
  const body: string[] = [];
  let y = AXIS_H;

  const byLane = groupBy(view.operations, (op) => op.lane);
  const historyLanes = withExtra(view.lanes, [...byLane.keys()]).filter((lane) => byLane.has(lane));
  if (historyLanes.length > 0) {
    labels.push(sectionTitle("History", y));
    y += TITLE_H;
    for (const lane of historyLanes) {
      const rows = stack(byLane.get(lane)!);
      const height = rows.length * ROW_H;
      labels.push(laneName(lane, y + height / 2));
      const boxes = rows.flatMap((row, r) => row.map((op) => drawOperation(op, y + r * ROW_H + (ROW_H - BOX_H) / 2, scale, time)));
      body.push(`<g class="lane" data-lane="${escapeHtml(lane)}"><line class="row-line" x1="0"${fullWidth(scale)} y1="${y + height}" y2="${y + height}"/>${boxes.join("")}</g>`);
      y += height;
    }
    y += SECTION_GAP;
  }
  const bands = view.bands ?? [];
  if (view.messages.length > 0 || bands.length > 0) {
    const operationText = new Map(view.operations.map((op) => [op.id, op.label]));
    const wires = withExtra(view.lanes, [...view.messages.flatMap((m) => [m.from, m.to]), ...bands.map((band) => band.lane)]);
    labels.push(sectionTitle("Messages", y));
    y += TITLE_H;
    const wireY = new Map(wires.map((lane, i) => [lane, y + WIRE_GAP * (i + 0.5)]));
    const colours = bandColours(bands);
    for (const band of bands) body.push(drawBand(band, wireY.get(band.lane)!, colours.get(band.kind)!, scale, time));
    for (const [lane, at] of wireY) {
      labels.push(laneName(lane, at));
      body.push(`<line class="lamport-lane" data-lane="${escapeHtml(lane)}" x1="0"${fullWidth(scale)} y1="${at}" y2="${at}"/>`);
    }
    for (const m of view.messages) body.push(drawMessage(m, wireY, scale, time, operationText));
    y += WIRE_GAP * wires.length + SECTION_GAP;
  }
  const height = Math.max(y, AXIS_H + TITLE_H) + 8;
  const under = [`<g class="axis" data-top="${AXIS_H}"></g>`, ...view.markers.map((m, i) => drawMarker(m, i, height, scale, time))];
  const svg = (cls: string, width: number, content: string[], data = "") =>
    `<svg class="${cls}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"${data}>${content.join("")}</svg>`;
  const data = ` data-start="${scale.start}" data-end="${scale.end}" data-px="${scale.pxPerUnit}" data-pad="${PAD_X}" data-tail="${TAIL}" data-unit="${escapeHtml(unit)}"`;
  return { labels: svg("labels", LABEL_W, labels), chart: svg("chart", scale.width, [ARROWS, ...under, ...body], data) };
}

interface Scale {
  start: number;
  /** The last instant anything happens; open-ended operations run on past it into the tail. */
  end: number;
  pxPerUnit: number;
  width: number;
  x(t: number): number;
}

/**
 * Wide enough that a typical (median) operation's box holds its label, at least a screen wide,
 * and at most 30,000 px, past which zooming out is the better way to look.
 */
function timeScale(view: RunView): Scale {
  const times = [
    ...view.operations.flatMap((op) => [op.callMs, op.returnMs]),
    ...view.messages.flatMap((m) => [m.sendMs, m.arriveMs, m.replySendMs, m.replyArriveMs]),
    ...view.markers.flatMap((m) => [m.atMs, m.untilMs]),
    ...(view.bands ?? []).flatMap((band) => [band.fromMs, band.untilMs]),
  ].filter((t): t is number => t !== undefined && Number.isFinite(t));
  // (Not Math.min(...times): a long run's times would overflow the call stack as arguments.)
  const start = times.length === 0 ? 0 : times.reduce((a, b) => Math.min(a, b));
  const last = times.length === 0 ? 1 : times.reduce((a, b) => Math.max(a, b));
  // A run of one instant still gets a chart a screen wide.
  const span = Math.max(last - start, 1e-9);
  const end = start + span;
  const durations = view.operations
    .flatMap((op) => (op.returnMs === undefined ? [] : [op.returnMs - op.callMs]))
    .filter((d) => d > 0)
    .sort((a, b) => a - b);
  const median = durations[Math.floor(durations.length / 2)];
  const readable = median === undefined ? 0 : 150 / median;
  const pxPerUnit = Math.min(Math.max(960 / span, readable), 30_000 / span);
  return { start, end, pxPerUnit, width: round(2 * PAD_X + span * pxPerUnit + TAIL), x: (t) => PAD_X + (t - start) * pxPerUnit };
}

/**
 * Attributes for x coordinates: each `[attribute, time, px offset]` written out at this scale and
 * kept in data-x for zoom; `width`, if given as `[from, to, px, min]`, likewise in data-w.
 */
function xAttrs(scale: Scale, specs: [string, number, number?][], width?: [number, number, number, number]): string {
  const written = specs.map(([attr, t, px = 0]) => ` ${attr}="${round(scale.x(t) + px)}"`).join("");
  const kept = specs.map(([attr, t, px = 0]) => `${attr}:${t}:${px}`).join(" ");
  if (width === undefined) return `${written} data-x="${kept}"`;
  const [from, to, px, min] = width;
  return `${written} width="${round(Math.max(min, (to - from) * scale.pxPerUnit + px))}" data-x="${kept}" data-w="${from}:${to}:${px}:${min}"`;
}

/** x2 of a line across the whole chart: its right edge, at any zoom. */
function fullWidth(scale: Scale): string {
  return xAttrs(scale, [["x2", scale.end, PAD_X + TAIL]]);
}

/** Spreads a lane's operations over as few rows as keep them from overlapping (usually one). */
function stack(ops: ViewOperation[]): ViewOperation[][] {
  const rows: { until: number; ops: ViewOperation[] }[] = [];
  for (const op of [...ops].sort((a, b) => a.callMs - b.callMs)) {
    const until = op.returnMs ?? Infinity;
    // Closed intervals touch at an instant without overlapping: one call can return as the next begins.
    const row = rows.find((r) => r.until <= op.callMs);
    if (row) {
      row.until = until;
      row.ops.push(op);
    } else rows.push({ until, ops: [op] });
  }
  return rows.map((r) => r.ops);
}

function drawOperation(op: ViewOperation, top: number, scale: Scale, time: (t: number) => string): string {
  const open = op.returnMs === undefined;
  // The box and its text share one place; the text is HTML so that CSS cuts it to fit at any zoom.
  const place = xAttrs(scale, [["x", op.callMs]], open ? [op.callMs, scale.end, OPEN_END, 3] : [op.callMs, op.returnMs!, 0, 3]);
  const badge = op.order === undefined ? "" : `<span class="order">${op.order}</span>`;
  const [first, second] = splitLabel(op.label);
  const lines = [first, second].map((line) => (line === undefined ? "" : `<span class="line">${escapeHtml(line)}</span>`)).join("");
  const rows: [string, string][] = [
    ["lane", op.lane],
    ["called", time(op.callMs)],
    ["returned", open ? "never" : time(op.returnMs!)],
  ];
  if (!open) rows.push(["took", time(op.returnMs! - op.callMs)]);
  rows.push(["role", ROLE_TEXT[op.role]]);
  if (op.order !== undefined) rows.push(["order", String(op.order)]);
  rows.push(["key", op.key], ...Object.entries(op.details));
  const tip: Tip = { title: `#${op.id} ${op.label}`, rows };
  return (
    `<g class="op ${op.role}${open ? " open" : ""}" data-op="${op.id}" data-key="${escapeHtml(op.key)}" ${tipAttribute(tip)}>` +
    `<rect class="box"${place} y="${top}" height="${BOX_H}"/>` +
    `<foreignObject${place} y="${top}" height="${BOX_H}"><div class="op-text">${badge}${lines}</div></foreignObject></g>`
  );
}

/** "put(…) -> OK" (or "→ OK") on two lines: the call, then what it returned. */
function splitLabel(label: string): [string, string | undefined] {
  const arrow = /\s(->|→)\s/.exec(label);
  return arrow === null ? [label, undefined] : [label.slice(0, arrow.index), `→ ${label.slice(arrow.index + arrow[0].length)}`];
}

function drawMessage(m: ViewMessage, wireY: Map<string, number>, scale: Scale, time: (t: number) => string, operationText: Map<number, string>): string {
  const from = { t: m.sendMs, y: wireY.get(m.from)! };
  const to = { t: m.arriveMs ?? m.sendMs, y: wireY.get(m.to)! };
  const parts: string[] = [];
  const dropped = m.fate === "request-dropped" || m.fate === "reply-dropped";
  if (m.fate === "request-dropped") parts.push(arrow(scale, "req", from, halfway(from, to), false), cross(scale, halfway(from, to)));
  else if (m.fate === "unreachable") parts.push(arrow(scale, "req", from, partway(from, to, 0.35), false), mark(scale, "unreachable-mark", "!", partway(from, to, 0.35)));
  else parts.push(arrow(scale, "req", from, to, true));
  if (m.replySendMs !== undefined) {
    const back = { t: m.replySendMs, y: to.y };
    const home = { t: m.replyArriveMs ?? m.replySendMs, y: from.y };
    if (m.fate === "reply-dropped") parts.push(arrow(scale, "rep", back, halfway(back, home), false), cross(scale, halfway(back, home)));
    else if (m.fate === "lost") parts.push(arrow(scale, "rep", back, halfway(back, home), false), mark(scale, "lost-mark", "?", halfway(back, home)));
    else parts.push(arrow(scale, "rep", back, home, true));
  } else if (m.fate === "reply-dropped") parts.push(cross(scale, partway(to, from, 0.25)));
  else if (m.fate === "lost") parts.push(mark(scale, "lost-mark", "?", partway(to, from, 0.25)));
  const copy = /\(copy \d+\)/.test(m.id);
  const middle = halfway(from, to);
  if (copy) parts.push(`<text class="dup-mark"${xAttrs(scale, [["x", middle.t, 4]])} y="${middle.y - 4}">dup</text>`);

  const rows: [string, string][] = [["fate", FATE_TEXT[m.fate]], ["sent", time(m.sendMs)]];
  if (m.arriveMs !== undefined) rows.push([m.fate === "delivered" || m.fate === "discarded" ? "arrived" : "gave up", time(m.arriveMs)]);
  if (m.replySendMs !== undefined) rows.push(["reply sent", time(m.replySendMs)]);
  if (m.replyArriveMs !== undefined) rows.push(["reply arrived", time(m.replyArriveMs)]);
  if (m.operation !== undefined) rows.push(["operation", `#${m.operation} ${operationText.get(m.operation) ?? ""}`.trim()]);
  rows.push(...Object.entries(m.details));
  const classes = ["msg", m.fate, ...(dropped ? ["dropped"] : []), ...(copy ? ["dup"] : [])].join(" ");
  const op = m.operation === undefined ? "" : ` data-op="${m.operation}"`;
  const hit = `<line class="hit"${xAttrs(scale, [["x1", from.t], ["x2", to.t]])} y1="${from.y}" y2="${to.y}"/>`;
  return `<g class="${classes}" data-msg="${escapeHtml(m.id)}"${op} ${tipAttribute({ title: `${m.id}: ${m.from} → ${m.to}`, rows })}>${hit}${parts.join("")}</g>`;
}

/** A place in the Lamport diagram: a time (x follows the zoom) on a lane's line (y does not). */
interface Point {
  t: number;
  y: number;
}

const partway = (a: Point, b: Point, f: number): Point => ({ t: a.t + (b.t - a.t) * f, y: round(a.y + (b.y - a.y) * f) });
const halfway = (a: Point, b: Point): Point => partway(a, b, 0.5);

function arrow(scale: Scale, kind: "req" | "rep", a: Point, b: Point, head: boolean): string {
  return `<line class="${kind}"${xAttrs(scale, [["x1", a.t], ["x2", b.t]])} y1="${a.y}" y2="${b.y}"${head ? ` marker-end="url(#arrow-${kind})"` : ""}/>`;
}

/** The ✕ a dropped message ends in, drawn as two strokes so it needs no font. */
function cross(scale: Scale, p: Point): string {
  const r = 5;
  const stroke = (dy: number) => `<line${xAttrs(scale, [["x1", p.t, -r], ["x2", p.t, r]])} y1="${p.y - dy}" y2="${p.y + dy}"/>`;
  return `<g class="drop-mark">${stroke(r)}${stroke(-r)}</g>`;
}

/** A letter in a circle: "!" where the server could not be reached, "?" where a reply was lost. */
function mark(scale: Scale, cls: string, letter: string, p: Point): string {
  return `<g class="${cls}"><circle${xAttrs(scale, [["cx", p.t]])} cy="${p.y}" r="6"/><text${xAttrs(scale, [["x", p.t]])} y="${p.y + 3.5}" text-anchor="middle">${letter}</text></g>`;
}

/** A fault as a band over its duration (a thin one for an instant), labelled at the top. */
function drawMarker(m: ViewMarker, index: number, height: number, scale: Scale, time: (t: number) => string): string {
  const until = m.untilMs ?? m.atMs;
  const rows: [string, string][] = [["kind", m.kind], ["from", time(m.atMs)]];
  if (m.untilMs !== undefined) rows.push(["until", time(m.untilMs)]);
  // Labels of nearby faults would print over each other, so they take turns at two heights (in
  // the room above the first lane); near the right edge a label ends at its band instead.
  const labelY = AXIS_H + 11 + (index % 2) * 11;
  const text = cut(m.label, 40);
  const leftward = scale.x(m.atMs) + text.length * CHAR_W > scale.width;
  const anchor = leftward ? `${xAttrs(scale, [["x", until, -3]])} text-anchor="end"` : xAttrs(scale, [["x", m.atMs, 3]]);
  return (
    `<g class="marker ${m.kind}" ${tipAttribute({ title: m.label, rows })}>` +
    `<rect${xAttrs(scale, [["x", m.atMs]], [m.atMs, until, 0, 2])} y="${AXIS_H - 4}" height="${height - AXIS_H}"/><text${anchor} y="${labelY}">${escapeHtml(text)}</text></g>`
  );
}

/** Colours bands can take: a band's kind takes the next one as it first appears (then they repeat). */
export const BAND_COLOURS = 8;

/** Each kind of band's colour (0..BAND_COLOURS-1), in order of first appearance: the same kinds, the same colours. */
export function bandColours(bands: readonly ViewBand[]): Map<string, number> {
  const colours = new Map<string, number>();
  for (const band of bands) if (!colours.has(band.kind)) colours.set(band.kind, colours.size % BAND_COLOURS);
  return colours;
}

/** A band behind its lane's line over its interval, its label at its start, cut to fit at any zoom. */
function drawBand(band: ViewBand, laneY: number, colour: number, scale: Scale, time: (t: number) => string): string {
  const top = laneY - WIRE_GAP / 2 + 3;
  const place = xAttrs(scale, [["x", band.fromMs]], [band.fromMs, band.untilMs, 0, 1]);
  const rows: [string, string][] = [["lane", band.lane], ["kind", band.kind], ["from", time(band.fromMs)], ["until", time(band.untilMs)], ...Object.entries(band.details ?? {})];
  return (
    `<g class="band band-${colour}" data-kind="${escapeHtml(band.kind)}" ${tipAttribute({ title: band.label, rows })}>` +
    `<rect${place} y="${top}" height="${WIRE_GAP - 6}"/>` +
    `<foreignObject${place} y="${top}" height="14"><div class="band-text">${escapeHtml(band.label)}</div></foreignObject></g>`
  );
}

const ARROWS =
  "<defs>" +
  [
    ["req", "#3567b5"],
    ["rep", "#2f8a48"],
  ]
    .map(([kind, colour]) => `<marker id="arrow-${kind}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${colour}"/></marker>`)
    .join("") +
  "</defs>";

function sectionTitle(text: string, y: number): string {
  return `<text class="section-title" x="12" y="${y + 17}">${escapeHtml(text)}</text>`;
}

function laneName(lane: string, y: number): string {
  return `<text class="lane-name" x="12" y="${y + 4}">${escapeHtml(cut(lane, 22))}</text>`;
}

function cut(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, Math.max(1, chars - 1))}…`;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** `lanes` in order, then any of `seen` it does not name, in order of appearance. */
function withExtra(lanes: readonly string[], seen: readonly string[]): string[] {
  return [...new Set([...lanes, ...seen])];
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
