/**
 * Takes the README's screenshot of the web page: `oom-triage serve`'s routes on a free port, a real
 * public fixture pasted in Debian's headless chromium, the top of the report captured.
 *
 *   node --import tsx scripts/screenshot-web-page.ts [DIR]   (default docs/: web-page.png, web-page-memory.png)
 */
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startWebServer } from '../src/web/start-web-server.js';

const dir = process.argv[2] ?? 'docs';
const log = readFileSync(new URL('../test/fixtures/public/kernel/rhel7-3.10-global-oom-swap-full-rsyslog-012.log', import.meta.url), 'utf8');
const server = await startWebServer({ port: 0, maxBytes: 50 * 1024 * 1024 });
const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1180, height: 1500 }, deviceScaleFactor: 1 });
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await page.fill('#log-text', log);
  await page.click('#analyze-button');
  await page.waitForFunction("[...document.querySelectorAll('img.chart')].some((i) => i.naturalWidth > 0)");
  await page.evaluate("document.getElementById('log-text').scrollTop = 0");
  await page.screenshot({ path: `${dir}/web-page.png` });
  await page.locator('#event-1 .memory').screenshot({ path: `${dir}/web-page-memory.png` });
  console.log(`wrote ${dir}/web-page.png and ${dir}/web-page-memory.png`);
} finally {
  await browser.close();
  server.close();
}
