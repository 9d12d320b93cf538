import { escapeHtml } from "./html.js";
import { bandColours, drawChart } from "./run-view-chart.js";
import { PAGE_SCRIPT, PAGE_STYLE } from "./run-view-page.js";
import type { RunSummary, RunView, ViewOperation } from "./run-view.js";

/**
 * The one-page run viewer: `view` as one self-contained HTML document (inline style, SVG and
 * script; no URL of any kind, and a Content-Security-Policy that forbids fetching one), so it
 * opens from disk anywhere and can be attached to a bug report as is.
 *
 * @example
 * writeFileSync("run.html", renderRunView(historyView({ ... })));
 */
export function renderRunView(view: RunView): string {
  const { labels, chart } = drawChart(view);
  const clients = new Set(view.operations.map((op) => op.lane)).size;
  const facts = view.rest
    ? [
        `${count(view.rest.total.operations, "operation")} (${view.rest.shown.operations} drawn, by ${count(clients, "client")})`,
        `${count(view.rest.total.messages, "message")} (${view.rest.shown.messages} drawn)`,
        `${count(view.rest.total.faults, "fault")} (${view.rest.shown.faults} drawn)`,
      ]
    : [count(view.operations.length, "operation") + (clients > 0 ? ` by ${count(clients, "client")}` : ""), count(view.messages.length, "message"), count(view.markers.length, "fault")];
  const rerun = view.rerun === undefined ? "" : `<p class="rerun">Rerun: <code>${escapeHtml(view.rerun)}</code></p>`;
  const explanation = view.explanation.length === 0 ? "" : `<pre class="explanation">${escapeHtml(view.explanation.join("\n"))}</pre>`;
  const noMessages = view.messages.length === 0 ? `<p class="note no-messages">No messages were recorded for this run: only its history is shown.</p>` : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${view.title}: ${view.verdict}`)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
<h1><span class="title">${escapeHtml(view.title)}</span> <span class="verdict ${escapeHtml(view.verdict)}">${escapeHtml(view.verdict)}</span></h1>
<p class="summary">${escapeHtml(view.summary)}</p>
<p class="facts">${facts.join(" · ")}</p>
${rerun}
${explanation}
</header>
${view.rest ? restSection(view.rest, view.timeUnit ?? "ms") : ""}
<div class="toolbar">
${legend(view)}
${keyFilter(view)}
<span>zoom <button id="zoom-out" title="zoom out">−</button> <span id="zoom-level">100%</span> <button id="zoom-in" title="zoom in">+</button> <button id="zoom-fit" title="fit the width of the window">fit</button></span>
<span>hover a box, an arrow or a band for details</span>
</div>
${noMessages}
<div class="scroller">${labels}${chart}</div>
<div id="tooltip" role="tooltip" hidden></div>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

const ROLE_LEGEND: Record<ViewOperation["role"], string> = {
  linearized: "linearized",
  placed: "placed (longest order)",
  unplaced: "could not be placed",
  minimal: "minimal illegal sub-history",
  other: "not placed",
};

/** The colours in use on this page, and what each means. */
function legend(view: RunView): string {
  const roles = (Object.keys(ROLE_LEGEND) as ViewOperation["role"][]).filter((role) => view.operations.some((op) => op.role === role));
  const items = roles.map((role) => `<span><i class="swatch ${role}"></i>${ROLE_LEGEND[role]}</span>`);
  if (view.markers.length > 0) items.push(`<span><i class="swatch band"></i>fault</span>`);
  for (const [kind, colour] of bandColours(view.bands ?? [])) items.push(`<span><i class="swatch band-${colour}"></i>${escapeHtml(kind)}</span>`);
  return `<span class="legend">${items.join("")}</span>`;
}

/**
 * With several keys, a choice of key that dims the other keys' operations; it starts on the key
 * of the first operation that could not be placed, since the violation lies within one key.
 */
function keyFilter(view: RunView): string {
  const keys = [...new Set(view.operations.map((op) => op.key))].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  if (keys.length < 2) return "";
  const chosen = view.operations.find((op) => op.role === "unplaced")?.key;
  const option = (value: string, text: string) => `<option value="${escapeHtml(value)}"${value === (chosen ?? "") ? " selected" : ""}>${escapeHtml(text)}</option>`;
  return `<label>key <select id="key-filter">${option("", "all")}${keys.map((k) => option(k, JSON.stringify(k))).join("")}</select></label>`;
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
}

/**
 * What a big run's page does not draw, in counts: the window it draws, then the whole run per
 * kind of operation, per fate of message, per client (the busiest) and per slice of time (with a
 * bar for each), so the drawn window can be placed in the whole.
 */
function restSection(rest: RunSummary, unit: string): string {
  const at = (t: number) => `${Number(t.toFixed(3))}${unit === "" ? "" : ` ${unit}`}`;
  const table = (caption: string, head: string[], rows: (string | number)[][]) =>
    `<table><caption>${escapeHtml(caption)}</caption><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr>${rows
      .map((row) => `<tr>${row.map((cell) => `<td>${typeof cell === "number" ? cell.toLocaleString("en-US") : cell}</td>`).join("")}</tr>`)
      .join("")}</table>`;
  const most = rest.buckets.reduce((highest, b) => Math.max(highest, b.operations + b.messages), 1);
  const bar = (n: number) => `<span class="bar" style="width:${Math.round((100 * n) / most)}px"></span>`;
  const clients = rest.byClient.map(([client, n]) => [escapeHtml(client), n]);
  if (rest.otherClients.clients > 0) clients.push([`${rest.otherClients.clients.toLocaleString("en-US")} other clients`, rest.otherClients.operations]);
  return `<section class="rest">
<p class="note">This run is too big to draw whole: the chart below draws ${rest.shown.operations} of its ${rest.total.operations.toLocaleString("en-US")} operations, ${rest.shown.messages} of its ${rest.total.messages.toLocaleString("en-US")} messages and ${rest.shown.faults} of its ${rest.total.faults.toLocaleString("en-US")} faults, from ${escapeHtml(at(rest.shown.fromMs))} to ${escapeHtml(at(rest.shown.toMs))}, around what went wrong. The whole run, in counts:</p>
<div class="tables">
${table("operations by kind", ["kind", "count"], rest.byKind.map(([kind, n]) => [escapeHtml(kind), n]))}
${table("messages by fate", ["fate", "count"], rest.messageFates.map(([fate, n]) => [escapeHtml(fate), n]))}
${table("operations by client", ["client", "operations"], clients)}
${table("over time", ["from", "to", "operations", "messages", "not delivered", ""], rest.buckets.map((b) => [escapeHtml(at(b.fromMs)), escapeHtml(at(b.toMs)), b.operations, b.messages, b.failedMessages, bar(b.operations + b.messages)]))}
</div>
</section>`;
}
