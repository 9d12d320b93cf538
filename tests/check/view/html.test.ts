import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeHtml, tipAttribute } from "../../../src/check/view/html.js";

const unescape = (text: string) => text.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[e]!);

describe("escapeHtml", () => {
  it("replaces the five characters that can end a text or an attribute", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    expect(escapeHtml("plain → text")).toBe("plain → text");
  });

  it("leaves none of them in any text, and gives the text back when unescaped", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("<", ">", "&", '"', "'", "a", ";", "#", "amp") }), (text) => {
        const escaped = escapeHtml(text);
        expect(escaped).not.toMatch(/[<>"']/);
        expect(unescape(escaped)).toBe(text);
      }),
    );
  });
});

describe("tipAttribute", () => {
  it("carries the tip as JSON in one double-quoted attribute that no text can break out of", () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 4 }), (title, rows) => {
        const attribute = tipAttribute({ title, rows });
        const m = /^data-tip="([^"]*)"$/.exec(attribute);
        expect(m).not.toBeNull();
        expect(JSON.parse(unescape(m![1]!))).toEqual({ title, rows });
      }),
    );
  });
});
