/**
 * The web page in a real browser: Debian's headless Chromium, driven by playwright-core, against the
 * real `oom-triage serve` process. Nothing is mocked: the page posts to the server, the server
 * runs the analyser, the page draws the answer.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_PATH, startServeProcess, type ServeProcess } from '../helpers/serve-process.js';

const fixture = (p: string): string => readFileSync(fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url)), 'utf8');

let server: ServeProcess;
let browser: Browser;

before(async () => {
  server = await startServeProcess();
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function openPage(): Promise<Page> {
  const page = await browser.newPage();
  // No time limits: a busy machine is slow, not wrong.
  page.setDefaultTimeout(0);
  await page.goto(server.url);
  return page;
}

async function pasteAndAnalyse(page: Page, text: string): Promise<void> {
  await page.fill('#log-text', text);
  await page.click('#analyze-button');
}

test('paste a real public log: the verdict, the victim, evidence lines that show the pasted line, suggestions split, a chart', async () => {
  const page = await openPage();
  const log = fixture('public/kernel/rhel7-3.10-global-oom-swap-full-rsyslog-012.log');
  await pasteAndAnalyse(page, log);
  await page.waitForSelector('#summary');
  const verdict = await page.textContent('#event-1 .verdict');
  assert.match(verdict ?? '', /mysqld/);
  assert.match((await page.textContent('#event-1 .cause')) ?? '', /\S/);
  // A chart arrived and the browser drew it.
  await page.waitForFunction("[...document.querySelectorAll('img.chart')].some((i) => i.naturalWidth > 0)");
  assert.ok(await page.$('img.chart[data-chart="e1-memory"]'));
  // Evidence: clicking a line number shows that line of the pasted text.
  const ref = await page.$('#event-1 .line-ref');
  assert.ok(ref);
  const n = Number(await ref.getAttribute('data-line'));
  await ref.click();
  const hit = await page.textContent('#line-viewer .hit');
  assert.ok(hit?.includes(log.replace(/\r/g, '').split('\n')[n - 1]!.trim().slice(0, 40)), `line ${n} shown: ${hit}`);
  // Read-only checks apart from changes, each with a copy button.
  assert.ok((await page.$$('.commands.read .command button')).length > 0);
  // The decoded GFP flags, the zones with buddy counts and a sortable task table are on the page.
  assert.match((await page.textContent('#event-1 .memory')) ?? '', /GFP_HIGHUSER_MOVABLE \| __GFP_COLD/);
  const firstRss = async (): Promise<string | null> => page.textContent('table.tasks tbody tr:first-child td:nth-child(10)');
  assert.equal(await firstRss(), 'mysqld');
  await page.click('table.tasks th:nth-child(10)');
  assert.notEqual(await firstRss(), 'mysqld', 'sorted by name');
  await page.close();
});

test('drop a .gz file: it is gunzipped and analysed', async () => {
  const page = await openPage();
  const gz = gzipSync(fixture('public/kernel/ubuntu-3.13-cgroup-v1-memcg-limit.log'));
  // Browser-side code as strings: this file is type-checked without the DOM library.
  const dataTransfer = await page.evaluateHandle(`(() => {
    const dt = new DataTransfer();
    const bytes = Uint8Array.from(atob('${gz.toString('base64')}'), (c) => c.charCodeAt(0));
    dt.items.add(new File([bytes], 'kern.log.1.gz', { type: 'application/gzip' }));
    return dt;
  })()`);
  await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer });
  await page.waitForSelector('#summary');
  assert.match((await page.textContent('#event-1 .verdict')) ?? '', /memorymonster/);
  assert.match((await page.textContent('#file-name')) ?? '', /kern\.log\.1\.gz/);
  await page.close();
});

test('a hostile log is shown as text: no script from it runs', async () => {
  const page = await openPage();
  const hostile = ['<script>window.__pwned = 1</script>', '"><img src=x onerror="window.__pwned = 2">'];
  const log = fixture('public/kernel/ubuntu-3.13-cgroup-v1-memcg-limit.log')
    .replaceAll('memorymonster', hostile[0]!)
    .replace('/mem2', `/mem2${hostile[1]}`);
  await pasteAndAnalyse(page, log);
  await page.waitForSelector('#summary');
  await page.waitForFunction("document.querySelectorAll('img.chart').length > 0");
  assert.equal(await page.evaluate('typeof window.__pwned'), 'undefined');
  const shown = (await page.textContent('#results')) ?? '';
  assert.ok(shown.includes(hostile[0]!), 'the script tag is shown as text');
  assert.equal(await page.$$eval('#results script, #results img:not(.chart)', (n) => n.length), 0);
  await page.close();
});

test('a Doris be.INFO and a kubectl describe paste are analysed too', async () => {
  const page = await openPage();
  await pasteAndAnalyse(page, fixture('public/doris/doris-2.1.5-glog-process-summary-overview-trackers.be.INFO'));
  await page.waitForSelector('#doris');
  assert.ok(await page.$('#doris img.chart'));
  await pasteAndAnalyse(page, fixture('kubectl/describe-pod-two-oomkilled-containers-node.txt'));
  await page.waitForSelector('#event-2');
  assert.match((await page.textContent('#summary')) ?? '', /\S/);
  await page.close();
});

test('an input past MAX_FILE_BYTES gets a clear refusal', async () => {
  const page = await openPage();
  await page.evaluate("document.getElementById('log-text').value = 'x'.repeat(50 * 1024 * 1024 + 1024)");
  await page.click('#analyze-button');
  await page.waitForSelector('#status.error');
  assert.match((await page.textContent('#status')) ?? '', /larger than the 50 MiB this page accepts \(MAX_FILE_BYTES\)/);
  await page.close();
});
