/**
 * A history file that cannot be read, with where and what was expected, so the message can be
 * printed as is: `history.jsonl:3: expected "call" to be a number`.
 *
 * @example
 * throw new FormatError("h.jsonl", 3, 'expected "call" to be a number');
 */
export class FormatError extends Error {
  constructor(
    readonly file: string,
    /** 1-based; 0 when the problem is the file as a whole. */
    readonly line: number,
    readonly problem: string,
  ) {
    super(line > 0 ? `${file}:${line}: ${problem}` : `${file}: ${problem}`);
    this.name = "FormatError";
  }
}

/** The non-blank lines of `text`, with their 1-based line numbers (CRLF is accepted). */
export function numberedLines(text: string): { line: number; text: string }[] {
  // One pass, no regex: a history may have a million lines.
  const lines: { line: number; text: string }[] = [];
  const parts = text.split("\n");
  for (let i = 0; i < parts.length; i++) {
    const raw = parts[i]!;
    const t = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (t.trim() !== "") lines.push({ line: i + 1, text: t });
  }
  return lines;
}
