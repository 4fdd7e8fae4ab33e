/** GET /healthz, /readyz (Redis answers), /metrics (jobs by outcome, durations, causes) and the web page on the Bolt server. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startBot, type Bot } from '../helpers/bot-harness.js';

// examples/cgroup-v1-parent-limit.log: seed 001's parent-cgroup scenario (see examples/README.md).
const LOG = readFileSync(new URL('../../examples/cgroup-v1-parent-limit.log', import.meta.url), 'utf8');

describe('operational endpoints', () => {
  let bot: Bot;
  before(async () => {
    bot = await startBot();
  });
  after(async () => {
    await bot.stop();
  });

  it('/healthz and /readyz answer 200 while Redis is up', async () => {
    const health = await fetch(`${bot.url}/healthz`);
    assert.equal(health.status, 200);
    const ready = await fetch(`${bot.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.equal(await ready.text(), 'ready\n');
  });

  it('the web role serves the page and POST /api/analyze (unsigned, with its strict CSP)', async () => {
    const page = await fetch(`${bot.url}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.match(await page.text(), /<script type="module" src="\/assets\/app.js"><\/script>/);
    const answer = await fetch(`${bot.url}/api/analyze`, { method: 'POST', body: LOG });
    assert.equal(answer.status, 200);
    const view = (await answer.json()) as { report: { events: { cause: string }[] } };
    assert.equal(view.report.events[0]?.cause, 'parent_cgroup_limit');
  });

  it('/metrics counts replied jobs, their duration and the causes found', async () => {
    const ts = '1700006000.000100';
    await bot.sendEvent({ type: 'message', channel: 'C0METRICS', user: 'U0HUMAN01', text: LOG, ts });
    await bot.slack.waitFor(() => bot.slack.reactionsOn('C0METRICS', ts).join() === 'memo', '📝');
    const body = await (await fetch(`${bot.url}/metrics`)).text();
    assert.match(body, /oom_triage_jobs_total\{outcome="replied"\} 1/);
    assert.match(body, /oom_triage_job_duration_seconds_count\{outcome="replied"\} 1/);
    assert.match(body, /oom_triage_causes_total\{cause="parent_cgroup_limit"\} 1/);
    assert.match(body, /oom_triage_enqueued_total\{trigger="paste"\} 1/);
  });
});
