import { escapeHtml, type Tip, tipAttribute } from "./html.js";
import type { RunView, ViewMarker, ViewMessage, ViewOperation } from "./run-view.js";

/**
 * The run viewer's drawing: one time axis shared by the history (a row per client, a box per
 * operation) and the Lamport diagram (a line per lane, an arrow per message), with faults as
 * shaded bands across both. Lane names go in a separate narrow drawing so they stay in view while
 * the chart scrolls sideways.
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
/** Average width of a character of the boxes' 11 px text, to cut labels to fit. */
const CHAR_W = 6.1;

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
      body.push(`<g class="lane" data-lane="${escapeHtml(lane)}"><line class="row-line" x1="0" x2="${scale.width}" y1="${y + height}" y2="${y + height}"/>${boxes.join("")}</g>`);
      y += height;
    }
    y += SECTION_GAP;
  }
  if (view.messages.length > 0) {
    const operationText = new Map(view.operations.map((op) => [op.id, op.label]));
    const wires = withExtra(view.lanes, view.messages.flatMap((m) => [m.from, m.to]));
    labels.push(sectionTitle("Messages", y));
    y += TITLE_H;
    const wireY = new Map(wires.map((lane, i) => [lane, y + WIRE_GAP * (i + 0.5)]));
    for (const [lane, at] of wireY) {
      labels.push(laneName(lane, at));
      body.push(`<line class="lamport-lane" data-lane="${escapeHtml(lane)}" x1="0" x2="${scale.width}" y1="${at}" y2="${at}"/>`);
    }
    body.push(...view.messages.map((m) => drawMessage(m, wireY, scale, time, operationText)));
    y += WIRE_GAP * wires.length + SECTION_GAP;
  }
  const height = Math.max(y, AXIS_H + TITLE_H) + 8;
  const under = [...axis(scale, height, time), ...view.markers.map((m, i) => drawMarker(m, i, height, scale, time))];
  const svg = (cls: string, width: number, content: string[]) =>
    `<svg class="${cls}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${content.join("")}</svg>`;
  return { labels: svg("labels", LABEL_W, labels), chart: svg("chart", scale.width, [ARROWS, ...under, ...body]) };
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
  ].filter((t): t is number => t !== undefined && Number.isFinite(t));
  const start = times.length === 0 ? 0 : Math.min(...times);
  const end = times.length === 0 ? 1 : Math.max(...times);
  const span = Math.max(end - start, 1e-9);
  const durations = view.operations
    .flatMap((op) => (op.returnMs === undefined ? [] : [op.returnMs - op.callMs]))
    .filter((d) => d > 0)
    .sort((a, b) => a - b);
  const median = durations[Math.floor(durations.length / 2)];
  const readable = median === undefined ? 0 : 150 / median;
  const pxPerUnit = Math.min(Math.max(960 / span, readable), 30_000 / span);
  return { start, end, pxPerUnit, width: Math.ceil(2 * PAD_X + span * pxPerUnit + TAIL), x: (t) => round(PAD_X + (t - start) * pxPerUnit) };
}

/** A grid line and a label every ~120 px, at round numbers of time. */
function axis(scale: Scale, height: number, time: (t: number) => string): string[] {
  const rough = 120 / scale.pxPerUnit;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((m) => m * power >= rough) ?? 10) * power;
  const ticks: string[] = [];
  for (let t = Math.ceil(scale.start / step) * step; t <= scale.end + step / 2; t += step) {
    const x = scale.x(t);
    ticks.push(`<g class="tick"><line x1="${x}" x2="${x}" y1="${AXIS_H - 6}" y2="${height}"/><text x="${x + 3}" y="${AXIS_H - 10}">${escapeHtml(time(t))}</text></g>`);
  }
  return ticks;
}

/** Spreads a lane's operations over as few rows as keep them from overlapping (usually one). */
function stack(ops: ViewOperation[]): ViewOperation[][] {
  const rows: { until: number; ops: ViewOperation[] }[] = [];
  for (const op of [...ops].sort((a, b) => a.callMs - b.callMs)) {
    const until = op.returnMs ?? Infinity;
    const row = rows.find((r) => r.until < op.callMs);
    if (row) {
      row.until = until;
      row.ops.push(op);
    } else rows.push({ until, ops: [op] });
  }
  return rows.map((r) => r.ops);
}

function drawOperation(op: ViewOperation, top: number, scale: Scale, time: (t: number) => string): string {
  const x = scale.x(op.callMs);
  const open = op.returnMs === undefined;
  const right = open ? scale.width - TAIL / 3 : scale.x(op.returnMs!);
  const width = Math.max(3, round(right - x));
  const badge = op.order === undefined ? "" : `<g class="order"><circle cx="${x + 11}" cy="${top + 11}" r="8"/><text x="${x + 11}" y="${top + 14.5}">${op.order}</text></g>`;
  const textX = x + (op.order === undefined ? 5 : 22);
  const room = Math.floor((x + width - textX - 3) / CHAR_W);
  const [first, second] = splitLabel(op.label);
  const line = (text: string | undefined, dy: number) =>
    text === undefined || room < 3 ? "" : `<text x="${textX}" y="${top + dy}">${escapeHtml(cut(text, room))}</text>`;
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
    `<rect class="box" x="${x}" y="${top}" width="${width}" height="${BOX_H}"/>${badge}${line(first, 13)}${line(second, 27)}</g>`
  );
}

/** "put(…) -> OK" on two lines: the call, then what it returned. */
function splitLabel(label: string): [string, string | undefined] {
  const at = label.indexOf(" -> ");
  return at < 0 ? [label, undefined] : [label.slice(0, at), `→ ${label.slice(at + 4)}`];
}

function drawMessage(m: ViewMessage, wireY: Map<string, number>, scale: Scale, time: (t: number) => string, operationText: Map<number, string>): string {
  const from = { x: scale.x(m.sendMs), y: wireY.get(m.from)! };
  const to = { x: scale.x(m.arriveMs ?? m.sendMs), y: wireY.get(m.to)! };
  const parts: string[] = [];
  const dropped = m.fate === "request-dropped" || m.fate === "reply-dropped";
  if (m.fate === "request-dropped") parts.push(arrow("req", from, halfway(from, to), false), cross(halfway(from, to)));
  else if (m.fate === "unreachable") parts.push(arrow("req", from, partway(from, to, 0.35), false), noEntry(partway(from, to, 0.35)));
  else parts.push(arrow("req", from, to, true));
  if (m.replySendMs !== undefined) {
    const back = { x: scale.x(m.replySendMs), y: to.y };
    const home = { x: scale.x(m.replyArriveMs ?? m.replySendMs), y: from.y };
    if (m.fate === "reply-dropped") parts.push(arrow("rep", back, halfway(back, home), false), cross(halfway(back, home)));
    else if (m.fate === "lost") parts.push(arrow("rep", back, halfway(back, home), false), question(halfway(back, home)));
    else parts.push(arrow("rep", back, home, true));
  } else if (m.fate === "reply-dropped") parts.push(cross(partway(to, from, 0.25)));
  else if (m.fate === "lost") parts.push(question(partway(to, from, 0.25)));
  const copy = /\(copy \d+\)/.test(m.id);
  if (copy) parts.push(`<text class="dup-mark" x="${halfway(from, to).x + 4}" y="${halfway(from, to).y - 4}">dup</text>`);

  const rows: [string, string][] = [["fate", FATE_TEXT[m.fate]], ["sent", time(m.sendMs)]];
  if (m.arriveMs !== undefined) rows.push([m.fate === "delivered" || m.fate === "discarded" ? "arrived" : "gave up", time(m.arriveMs)]);
  if (m.replySendMs !== undefined) rows.push(["reply sent", time(m.replySendMs)]);
  if (m.replyArriveMs !== undefined) rows.push(["reply arrived", time(m.replyArriveMs)]);
  if (m.operation !== undefined) rows.push(["operation", `#${m.operation} ${operationText.get(m.operation) ?? ""}`.trim()]);
  rows.push(...Object.entries(m.details));
  const classes = ["msg", m.fate, ...(dropped ? ["dropped"] : []), ...(copy ? ["dup"] : [])].join(" ");
  const op = m.operation === undefined ? "" : ` data-op="${m.operation}"`;
  const hit = `<line class="hit" x1="${from.x}" y1="${from.y}" x2="${to.x}" y2="${to.y}"/>`;
  return `<g class="${classes}" data-msg="${escapeHtml(m.id)}"${op} ${tipAttribute({ title: `${m.id}: ${m.from} → ${m.to}`, rows })}>${hit}${parts.join("")}</g>`;
}

interface Point {
  x: number;
  y: number;
}

const partway = (a: Point, b: Point, f: number): Point => ({ x: round(a.x + (b.x - a.x) * f), y: round(a.y + (b.y - a.y) * f) });
const halfway = (a: Point, b: Point): Point => partway(a, b, 0.5);

function arrow(kind: "req" | "rep", a: Point, b: Point, head: boolean): string {
  return `<line class="${kind}" x1="${a.x}" y1="${a.y}" x2="${b.x}" y2="${b.y}"${head ? ` marker-end="url(#arrow-${kind})"` : ""}/>`;
}

/** The ✕ a dropped message ends in, drawn as two strokes so it needs no font. */
function cross(p: Point): string {
  const r = 5;
  return `<path class="drop-mark" d="M${p.x - r},${p.y - r}L${p.x + r},${p.y + r}M${p.x + r},${p.y - r}L${p.x - r},${p.y + r}"/>`;
}

function noEntry(p: Point): string {
  return `<g class="unreachable-mark"><circle cx="${p.x}" cy="${p.y}" r="6"/><text x="${p.x}" y="${p.y + 3.5}" text-anchor="middle">!</text></g>`;
}

function question(p: Point): string {
  return `<g class="lost-mark"><circle cx="${p.x}" cy="${p.y}" r="6"/><text x="${p.x}" y="${p.y + 3.5}" text-anchor="middle">?</text></g>`;
}

/** A fault as a band over its duration (a thin one for an instant), labelled at the top. */
function drawMarker(m: ViewMarker, index: number, height: number, scale: Scale, time: (t: number) => string): string {
  const x = scale.x(m.atMs);
  const width = Math.max(2, scale.x(m.untilMs ?? m.atMs) - x);
  const rows: [string, string][] = [["kind", m.kind], ["from", time(m.atMs)]];
  if (m.untilMs !== undefined) rows.push(["until", time(m.untilMs)]);
  // Labels of nearby faults would print over each other, so they take turns at two heights (in
  // the room above the first lane); near the right edge a label ends at its band instead.
  const labelY = AXIS_H + 11 + (index % 2) * 11;
  const text = cut(m.label, 40);
  const leftward = x + text.length * CHAR_W > scale.width;
  const anchor = leftward ? ` x="${x + width - 3}" text-anchor="end"` : ` x="${x + 3}"`;
  return (
    `<g class="marker ${m.kind}" ${tipAttribute({ title: m.label, rows })}>` +
    `<rect x="${x}" y="${AXIS_H - 4}" width="${width}" height="${height - AXIS_H}"/><text${anchor} y="${labelY}">${escapeHtml(text)}</text></g>`
  );
}

const ARROWS =
  "<defs>" +
  [
    ["req", "#3567b5"],
    ["rep", "#2f8a48"],
  ]
    .map(([kind, colour]) => `<marker id="arrow-${kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${colour}"/></marker>`)
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
