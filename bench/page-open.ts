/**
 * How big run viewer pages are and how long headless Chromium takes to open them: for each page,
 * its size, the time from navigation to the end of the load event (the page's script has run by
 * then: zoom laid out, opened at the violation), and how many operation boxes and message arrows
 * it draws. Needs /usr/bin/chromium (apt-get install chromium).
 *
 *   npx tsx bench/page-open.ts kvlab-runs/*.html
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: npx tsx bench/page-open.ts PAGE.html...");
  process.exit(3);
}
const profile = mkdtempSync(join(tmpdir(), "kvlab-bench-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1280, height: 760 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
try {
  for (const file of files) {
    const page = await context.newPage();
    const start = performance.now();
    await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: "load", timeout: 600_000 });
    const wallMs = performance.now() - start;
    // (Expressions as text: this file is compiled without the DOM's types.)
    const loadMs = await page.evaluate<number>('performance.getEntriesByType("navigation")[0].loadEventEnd');
    const drawn = await page.evaluate<[number, number]>('[document.querySelectorAll(".op").length, document.querySelectorAll(".msg").length]');
    const mb = (statSync(file).size / 1e6).toFixed(2);
    console.log(`${file}: ${mb} MB, load event ended at ${Math.round(loadMs)} ms (${Math.round(wallMs)} ms wall), ${drawn[0]} operations and ${drawn[1]} messages drawn`);
    await page.close();
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
