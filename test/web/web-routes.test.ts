/** POST /api/analyze over HTTP: the report and charts for a paste or a .gz, the cap, the per-client limit. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { formatBytes, formatKb } from '../../src/analysis/units.js';
import { startWebServer } from '../../src/web/start-web-server.js';

const LOG = readFileSync(new URL('../fixtures/public/kernel/ubuntu-3.13-cgroup-v1-memcg-limit.log', import.meta.url));
let server: Server;
let url: string;

before(async () => {
  server = await startWebServer({ port: 0, maxBytes: 64 * 1024, analysesPerMinute: 4 });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const post = (body: Buffer | string): Promise<Response> => fetch(`${url}/api/analyze`, { method: 'POST', body });

test('a paste and the same log gzipped give the same report, with charts', async () => {
  const plain = (await (await post(LOG)).json()) as {
    report: { input: { bytes: number }; events: { victim: { comm: string }; topTasks: { pid: number; rssKb: number }[] }[] };
    charts: { id: string }[];
    inputSize: string;
    taskColumns: string[];
    events: { tasks: string[][] }[];
  };
  assert.equal(plain.report.events[0]?.victim.comm, 'memorymonster');
  assert.ok(plain.charts.some((c) => c.id === 'reply'));
  // Sizes arrive written by the one formatter (src/analysis/units.ts): the page writes none itself.
  assert.equal(plain.inputSize, formatBytes(plain.report.input.bytes));
  const top = plain.report.events[0]!.topTasks[0]!;
  const row = plain.events[0]!.tasks.find((cells) => cells[plain.taskColumns.indexOf('pid')] === String(top.pid))!;
  assert.equal(row[plain.taskColumns.indexOf('rss')], formatKb(top.rssKb));
  const gz = (await (await post(gzipSync(LOG))).json()) as typeof plain;
  assert.deepEqual(gz.report.events, plain.report.events);
});

test('past the cap, raw or decompressed: 413 with a message saying what to do', async () => {
  const big = await post(Buffer.alloc(65 * 1024, 'x'));
  assert.equal(big.status, 413);
  assert.match(((await big.json()) as { message: string }).message, /larger than the 64 KiB this page accepts \(MAX_FILE_BYTES\)/);
  const bomb = await post(gzipSync(Buffer.alloc(1024 * 1024, 'x')));
  assert.equal(bomb.status, 413);
  assert.match(((await bomb.json()) as { message: string }).message, /decompressed/);
});

test('the per-client limit answers 429 with Retry-After', async () => {
  let last: Response | null = null;
  for (let i = 0; i < 5; i++) last = await post('nothing here');
  assert.equal(last?.status, 429);
  assert.match(last?.headers.get('retry-after') ?? '', /^\d+$/);
});
