import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderRunView } from "../../../src/check/view/render-run-view.js";
import { SummaryBuilder } from "../../../src/check/view/run-window.js";
import { repo } from "../../support/run-cli.js";
import { sampleView } from "./sample-view.js";

const CHROMIUM = "/usr/bin/chromium";
const missing = !existsSync(CHROMIUM);

/** The sample run's window, as a page draws it for a run of 100,000 clerks' puts. */
function bigRunPage(): string {
  const view = sampleView();
  const counts = new SummaryBuilder();
  for (let i = 0; i < 100_000; i++) {
    counts.operation(i * 4, `clerk-${i + 1}`, i % 10 === 0 ? "put → ErrNoKey" : "put → OK");
    counts.message(i * 4, i % 100 === 0 ? "request-dropped" : "delivered");
  }
  counts.faults(view.markers.length);
  view.rest = counts.build({ operations: view.operations.length, messages: view.messages.length, markers: view.markers.length, fromMs: 0, toMs: 130 })!;
  return renderRunView(view);
}

describe.skipIf(missing)(`a big run's page in headless Chromium${missing ? ` (skipped: no ${CHROMIUM})` : ""}`, () => {
  let context: BrowserContext;
  let profile: string;
  let page: Page;

  beforeAll(async () => {
    const out = join(repo, ".kvlab-out", "viewer");
    mkdirSync(out, { recursive: true });
    const file = join(out, "big-run.html");
    writeFileSync(file, bigRunPage());
    profile = mkdtempSync(join(tmpdir(), "kvlab-chromium-"));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, viewport: { width: 1280, height: 760 }, args: ["--headless", "--no-sandbox", "--disable-gpu"] });
    page = await context.newPage();
    await page.goto(pathToFileURL(file).href);
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it("says what it draws of the whole run, and counts the rest in tables", async () => {
    expect(await page.locator(".facts").textContent()).toBe("100,000 operations (5 drawn, by 2 clients) · 100,000 messages (8 drawn) · 4 faults (4 drawn)");
    expect(await page.locator(".rest .note").textContent()).toMatch(/^This run is too big to draw whole: the chart below draws 5 of its 100,000 operations, 8 of its 100,000 messages/);
    expect(await page.locator(".rest caption").allTextContents()).toEqual(["operations by kind", "messages by fate", "operations by client", "over time"]);
    expect(await page.locator(".rest table").nth(0).innerText()).toMatch(/put → OK\s+90,000\s+put → ErrNoKey\s+10,000/);
    expect(await page.locator(".rest table").nth(1).innerText()).toMatch(/delivered\s+99,000\s+request-dropped\s+1,000/);
    expect(await page.locator(".rest table").nth(2).innerText()).toContain("99,988 other clients\t99,988");
    expect(await page.locator(".rest .bar").count()).toBe(20);
    expect(await page.locator(".rest").isVisible()).toBe(true);
  });

  it("draws the window as any page, zoom included", async () => {
    expect(await page.locator(".op").count()).toBe(5);
    expect(await page.locator(".msg").count()).toBe(8);
    await page.click("#zoom-in");
    expect(await page.locator("#zoom-level").textContent()).toBe("150%");
  });
});
