import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderRunView } from "../../../src/check/view/render-run-view.js";
import { kvlab, repo } from "../../support/run-cli.js";
import { sampleView } from "./sample-view.js";

/** Debian's chromium package; .ci/run installs it, so CI always runs these tests. */
const CHROMIUM = "/usr/bin/chromium";
const missing = !existsSync(CHROMIUM);
/** Pages and screenshots, kept for a person to look at (.kvlab-out/ is not committed). */
const out = join(repo, ".kvlab-out", "viewer");

if (missing) console.warn(`run viewer browser tests skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);

describe.skipIf(missing)(`the run viewer in headless Chromium${missing ? ` (skipped: no ${CHROMIUM})` : ""}`, () => {
  let context: BrowserContext;
  let profile: string;
  const pages: Record<string, Page> = {};
  /** Every URL the pages asked for: a self-contained page asks only for itself. */
  const requested: string[] = [];

  beforeAll(async () => {
    mkdirSync(out, { recursive: true });
    const staleRead = join(out, "stale-read.html");
    const checked = await kvlab("check", join("tests", "check", "fixtures", "good", "kv-stale-read.jsonl"), "--html", staleRead);
    expect(checked.status).toBe(1);
    expect(checked.stdout).toContain(`wrote ${staleRead}\n`);
    const sample = join(out, "sample.html");
    writeFileSync(sample, renderRunView(sampleView()));

    profile = mkdtempSync(join(tmpdir(), "kvlab-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 760 },
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    context.on("request", (request) => requested.push(request.url()));
    for (const [name, file] of Object.entries({ staleRead, sample })) {
      const page = await context.newPage();
      await page.goto(pathToFileURL(file).href);
      pages[name] = page;
    }
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  const count = (page: Page, selector: string) => page.locator(selector).count();

  it("shows a checked history: a row per client, a box per operation, the one that could not be placed", async () => {
    const page = pages.staleRead!;
    expect(await page.locator(".verdict").textContent()).toBe("illegal");
    expect(await page.locator(".lane").evaluateAll((lanes) => lanes.map((l) => l.getAttribute("data-lane")))).toEqual(["client 1", "client 2", "client 3"]);
    expect(await count(page, ".op")).toBe(5);
    // Line 5 (operation 3), the stale get, is the violation; lines 2–4 are the longest order, and
    // lines 2 and 4 (operations 0 and 2) are also in the smallest illegal part, so marked minimal.
    expect(await page.locator(".op.unplaced").getAttribute("data-op")).toBe("3");
    const orders = await page.locator(".op.placed, .op.minimal").evaluateAll((ops) => ops.map((op) => [op.getAttribute("data-op"), op.querySelector(".order")?.textContent]));
    expect(Object.fromEntries(orders)).toEqual({ 0: "1", 1: "2", 2: "3" });
    expect(await page.locator(".op.minimal").evaluateAll((ops) => ops.map((op) => op.getAttribute("data-op")))).toEqual(["0", "2"]);
    // Key "y" was never searched: the check stops at the first illegal key.
    expect(await page.locator(".op.other").getAttribute("data-op")).toBe("4");
    expect(await count(page, ".msg")).toBe(0);
    expect(await page.locator(".no-messages").isVisible()).toBe(true);
    expect(await page.locator("pre.explanation").textContent()).toContain('State then: "b" (version 2)');
  });

  it("opens on the key that failed, the other keys faded, and shows any key or all", async () => {
    const page = pages.staleRead!;
    expect(await page.locator("#key-filter").inputValue()).toBe("x");
    expect(await page.locator(".op.dimmed").getAttribute("data-op")).toBe("4");
    await page.selectOption("#key-filter", "y");
    expect(await page.locator(".op:not(.dimmed)").getAttribute("data-op")).toBe("4");
    await page.selectOption("#key-filter", "");
    expect(await count(page, ".op.dimmed")).toBe(0);
  });

  it("shows an operation's details on hover", async () => {
    const page = pages.staleRead!;
    expect(await page.locator("#tooltip").isHidden()).toBe(true);
    await page.hover(".op.unplaced");
    await page.waitForSelector("#tooltip:not([hidden])");
    const tip = await page.locator("#tooltip").innerText();
    expect(tip).toContain('get("x") -> ("a", 1, OK)');
    expect(tip).toMatch(/line\s+5/);
    expect(tip).toMatch(/state before\s+"b" \(version 2\)/);
    expect(tip).toMatch(/why not next\s+the model does not allow its result/);
    await page.screenshot({ path: join(out, "stale-read.png"), fullPage: true });
  });

  it("draws messages as arrows, with drops, duplicates, unreachable and lost calls marked, and faults as bands", async () => {
    const page = pages.sample!;
    expect(await count(page, ".lane")).toBe(2);
    expect(await count(page, ".lamport-lane")).toBe(3);
    expect(await count(page, ".op")).toBe(5);
    expect(await count(page, ".op.unplaced")).toBe(1);
    expect(await count(page, ".op.minimal")).toBe(1);
    expect(await page.locator(".op.open").getAttribute("data-op")).toBe("4");
    expect(await count(page, ".msg")).toBe(8);
    expect(await page.locator(".msg.dropped").evaluateAll((ms) => ms.map((m) => m.getAttribute("data-msg")))).toEqual(["clerk-2#1", "clerk-2#2"]);
    expect(await count(page, ".msg.dropped .drop-mark")).toBe(2);
    expect(await count(page, ".msg.unreachable .unreachable-mark")).toBe(1);
    expect(await count(page, ".msg.lost .lost-mark")).toBe(1);
    expect(await page.locator(".msg.dup").getAttribute("data-msg")).toBe("clerk-2#3 (copy 1)");
    expect(await count(page, ".msg.dup .dup-mark")).toBe(1);
    // An arrowhead on each request that arrived and each reply that came back.
    expect(await count(page, '.msg line.req[marker-end="url(#arrow-req)"]')).toBe(6);
    expect(await count(page, '.msg line.rep[marker-end="url(#arrow-rep)"]')).toBe(4);
    expect(await page.locator(".marker").evaluateAll((ms) => ms.map((m) => m.getAttribute("class")))).toEqual([
      "marker partition",
      "marker crash",
      "marker restart",
      "marker network",
    ]);
  });

  it("on hover, shows a message's details and lights up its operation", async () => {
    const page = pages.sample!;
    await page.hover('.msg[data-msg="clerk-2#1"] .req');
    await page.waitForSelector("#tooltip:not([hidden])");
    const tip = await page.locator("#tooltip").innerText();
    expect(tip).toContain("clerk-2#1: clerk-2 → kvserver");
    expect(tip).toMatch(/fate\s+the request was dropped/);
    expect(tip).toMatch(/operation\s+#1 put\("k", "b", 1\) -> ErrMaybe/);
    expect(await page.locator(".op.related").getAttribute("data-op")).toBe("1");
    await page.hover('.op[data-op="1"]');
    await page.waitForSelector(".msg.related");
    expect(await count(page, ".msg.related")).toBe(4);
    await page.screenshot({ path: join(out, "sample.png"), fullPage: true });
  });

  it("zooms horizontally: boxes and the axis widen, text keeps its size", async () => {
    const page = pages.sample!;
    const measure = async () => ({
      chart: Number(await page.locator("svg.chart").getAttribute("width")),
      box: (await page.locator('.op[data-op="1"] rect').boundingBox())!.width,
      font: await page.locator('.op[data-op="1"] .line').first().evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).fontSize),
      height: (await page.locator("svg.chart").boundingBox())!.height,
      ticks: await count(page, ".axis .tick"),
    });
    const before = await measure();
    expect(before.ticks).toBeGreaterThan(2);
    await page.click("#zoom-in");
    await page.click("#zoom-in");
    const after = await measure();
    expect(await page.locator("#zoom-level").textContent()).toBe("225%");
    expect(after.box / before.box).toBeCloseTo(2.25, 2);
    expect(after.chart).toBeGreaterThan(2 * before.chart);
    expect([after.font, after.height]).toEqual([before.font, before.height]);
    await page.click("#zoom-fit");
    const fitted = await page.locator(".scroller").evaluate((el) => [el.scrollWidth, el.clientWidth]);
    expect(fitted[0]).toBe(fitted[1]);
  });

  it("fetches nothing but the page itself", () => {
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((url) => !url.startsWith("file:"))).toEqual([]);
  });
});
