/**
 * Text for HTML: every value on the run viewer's page comes from user code (keys, values, client
 * names, error text), so all of it passes through here, in element content and attributes alike.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** A hover tooltip: a title and rows of (name, value), carried as JSON in a data-tip attribute. */
export interface Tip {
  title: string;
  rows: [string, string][];
}

/** The data-tip attribute for `tip`; the page's script reads it and writes it out as plain text. */
export function tipAttribute(tip: Tip): string {
  return `data-tip="${escapeHtml(JSON.stringify(tip))}"`;
}
