/**
 * Output injection: text quoted from a log — mentions (`<!channel>`, `<!everyone>`, `<@U123>`,
 * `<#C1>`), links (`<https://evil|click>`), backticks and lines of 3,001 characters — is shown
 * literally and never pings, links or breaks a Block Kit message. Checked on the rendered blocks
 * and fallback text, and end to end on what reaches Slack from an uploaded file (raw bytes, which
 * Slack does not escape) and from an integration's alert in an incident channel (broadcast verdict).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText } from '../../src/analysis/analyze.js';
import { LIMITS, type Block } from '../../src/render/slack/block-kit.js';
import { renderBlocks, renderVerdict } from '../../src/render/slack/render-blocks.js';
import { startBot, type Bot } from '../helpers/bot-harness.js';
import { blocksText } from '../helpers/blocks-text.js';

// examples/cgroup-v1-parent-limit.log (seed 001's parent-cgroup scenario), made hostile: the victim's
// comm is `<!everyone>`, the other task's `<@U123>`, and the cgroup path carries a link, a channel
// mention, backticks and 3,001 more characters.
const LONG = 'A'.repeat(3001);
const EVIL_PATH = `/mm_test/2<https://evil.example|click><#C1>\`\`\`${LONG}`;
const HOSTILE_LOG = readFileSync(new URL('../../examples/cgroup-v1-parent-limit.log', import.meta.url), 'utf8')
  .replaceAll('(test)', '(<!everyone>)')
  .replaceAll(' test\n', ' <!everyone>\n')
  .replaceAll('leaky-worker', '<@U123>')
  .replaceAll('Task in /mm_test/2 ', `Task in ${EVIL_PATH} `)
  .replace('[Fri Sep 10 16:15:14 2021] Call Trace:', '[Fri Sep 10 16:15:14 2021] Call Trace: <!channel> <!here>');

const RAW = ['<!everyone>', '<!channel>', '<!here>', '<@U123>', '<#C1>', '<https://evil'];

function assertInert(message: { text: string; blocks?: Block[] }, where: string): void {
  const json = JSON.stringify(message);
  for (const raw of RAW) assert.ok(!json.includes(raw), `${where}: ${raw} left as Slack markup`);
  for (const b of message.blocks ?? []) {
    if (b.type === 'header') assert.ok(b.text.text.length <= LIMITS.header, `${where}: header of ${b.text.text.length}`);
    if (b.type === 'section') {
      if (b.text) {
        assert.ok(b.text.text.length <= LIMITS.sectionText, `${where}: section of ${b.text.text.length}`);
        assert.equal((b.text.text.match(/```/g) ?? []).length % 2, 0, `${where}: a code block left open`);
      }
      for (const f of b.fields ?? []) assert.ok(f.text.length <= LIMITS.fieldText, `${where}: field of ${f.text.length}`);
    }
  }
  assert.ok((message.blocks ?? []).length <= LIMITS.blocks);
}

describe('output injection', () => {
  it('the hostile log is read: its victim really is `<!everyone>`', () => {
    const report = analyzeText(HOSTILE_LOG);
    assert.equal(report.events[0]?.victim?.comm, '<!everyone>');
  });

  it('the report blocks and the verdict show it all literally, within Block Kit’s limits', () => {
    const report = analyzeText(HOSTILE_LOG);
    const full = renderBlocks(report);
    assertInert(full, 'report');
    const shown = blocksText(full.blocks);
    assert.match(shown, /&lt;!everyone&gt;/, 'the victim is shown, escaped');
    assert.match(shown, /&lt;https:\/\/evil\.example\|click&gt;&lt;#C1&gt;/, 'the cgroup path is shown, escaped');
    assert.match(shown, /A{1000}/, 'the long line is shown, clipped to fit');
    for (const requestedBy of [null, 'U0HUMAN01']) assertInert(renderVerdict(report, requestedBy), `verdict (${requestedBy})`);
    assert.match(renderVerdict(report, null).text, /&lt;!everyone&gt;/);
  });

  describe('end to end', () => {
    let bot: Bot;
    before(async () => {
      bot = await startBot({ env: { INCIDENT_CHANNELS: 'C0INJECT2' } });
    });
    after(async () => {
      await bot.stop();
    });

    it('an uploaded file (raw bytes) gets a reply that pings and links nobody', async () => {
      const file = bot.slack.addFile({ id: 'F0INJECT', name: 'kern.log', mimetype: 'text/plain', filetype: 'text', content: Buffer.from(HOSTILE_LOG) });
      const ts = '1700013000.000100';
      await bot.sendEvent({ type: 'message', subtype: 'file_share', channel: 'C0INJECT1', user: 'U0HUMAN01', text: '', ts, files: [file] });
      const reply = await bot.slack.waitFor(() => bot.slack.callsTo('chat.postMessage').find((c) => c.args['thread_ts'] === ts), 'the reply');
      assertInert({ text: String(reply.args['text']), blocks: reply.args['blocks'] as Block[] }, 'upload reply');
      assert.match(blocksText(reply.args['blocks']), /&lt;!everyone&gt;/);
    });

    it('an alert with raw mentions gets a broadcast verdict and a report that ping nobody', async () => {
      const ts = '1700013000.000200';
      await bot.sendEvent({ type: 'message', subtype: 'bot_message', bot_id: 'B0ALERTMGR', channel: 'C0INJECT2', text: HOSTILE_LOG, ts });
      await bot.slack.waitFor(() => bot.slack.reactionsOn('C0INJECT2', ts).join() === 'memo', '📝');
      const posts = bot.slack.callsTo('chat.postMessage').filter((c) => c.args['thread_ts'] === ts);
      assert.equal(posts.length, 2, 'the broadcast verdict and the report');
      for (const p of posts) assertInert({ text: String(p.args['text']), blocks: (p.args['blocks'] ?? []) as Block[] }, `post ${String(p.args['reply_broadcast'] ?? 'report')}`);
      assert.ok(posts.every((p) => p.args['channel'] === 'C0INJECT2'), 'only into the alert’s own channel');
    });
  });
});
