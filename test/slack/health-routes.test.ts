/** GET /healthz, /readyz (the queue can be written), /metrics (jobs by outcome, durations, causes, queue depth) and the web page on the Bolt server. */
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
    // The job is counted when it finishes, which may be a moment after the reaction (after the reply and the reaction).
    let body = '';
    for (let i = 0; i < 200 && !/oom_triage_jobs_total\{outcome="replied"\} 1/.test(body); i++) {
      body = await (await fetch(`${bot.url}/metrics`)).text();
      if (!/oom_triage_jobs_total\{outcome="replied"\} 1/.test(body)) await new Promise((r) => setTimeout(r, 50));
    }
    assert.match(body, /oom_triage_jobs_total\{outcome="replied"\} 1/);
    assert.match(body, /oom_triage_job_duration_seconds_count\{outcome="replied"\} 1/);
    assert.match(body, /oom_triage_causes_total\{cause="parent_cgroup_limit"\} 1/);
    assert.match(body, /oom_triage_enqueued_total\{trigger="paste"\} 1/);
  });

  it('/metrics shows the queue: jobs waiting and the age of the oldest, read on each scrape', async () => {
    // The web role alone: nobody takes the jobs, so they wait.
    const web = await startBot({ env: { ROLE: 'web' } });
    try {
      const gauge = async (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(await (await fetch(`${web.url}/metrics`)).text())?.[1]);
      // NaN until Redis can be read (the connection is still opening just after start).
      for (let i = 0; i < 500 && Number.isNaN(await gauge('oom_triage_queue_waiting_jobs')); i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(await gauge('oom_triage_queue_waiting_jobs'), 0);
      assert.equal(await gauge('oom_triage_queue_oldest_waiting_seconds'), 0);
      for (const ts of ['1700006100.000100', '1700006100.000200']) {
        await web.sendEvent({ type: 'message', channel: 'C0METRICS', user: 'U0HUMAN01', text: LOG, ts });
      }
      await web.slack.waitFor(() => web.slack.reactionsOn('C0METRICS', '1700006100.000200').includes('eyes'), 'both queued');
      await new Promise((r) => setTimeout(r, 1100));
      assert.equal(await gauge('oom_triage_queue_waiting_jobs'), 2);
      assert.ok((await gauge('oom_triage_queue_oldest_waiting_seconds')) >= 1, 'the oldest has waited a second or more');
    } finally {
      await web.stop();
    }
  });
});
