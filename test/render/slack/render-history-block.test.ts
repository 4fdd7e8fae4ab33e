/**
 * "Has this happened before?" in the reply (src/render/slack/render-history-block.ts): nothing for a
 * first kill; the count, the links and the limit; a trend only when the numbers say so; escaping.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText } from '../../../src/analysis/analyze.js';
import { renderBlocks } from '../../../src/render/slack/render-blocks.js';
import { ordinal, renderHistoryBlocks, shortPath, type EarlierKill, type WorkloadHistory } from '../../../src/render/slack/render-history-block.js';
import { blocksText } from '../../helpers/blocks-text.js';

const NOW = Date.UTC(2024, 6, 18, 15, 0);
const HOUR = 3600_000;
const GiB = 1024 * 1024;

function kill(hoursAgo: number, usageGiB: number | null, limitGiB: number | null = 2, link = true): EarlierKill {
  const at = NOW - hoursAgo * HOUR;
  return { at, permalink: link ? `https://fake.slack.com/archives/C0DB/p${at}` : null, limitKb: limitGiB === null ? null : limitGiB * GiB, usageKb: usageGiB === null ? null : usageGiB * GiB, rssKb: null };
}

function workload(earlier: EarlierKill[], current: Partial<WorkloadHistory['current']> = {}, more: Partial<WorkloadHistory> = {}): WorkloadHistory {
  return {
    program: 'mysqld',
    cgroup: '/kubepods/burstable/pod*/*',
    host: null,
    current: { limitKb: 2 * GiB, usageKb: 2 * GiB, rssKb: null, ...current },
    earlier,
    analysedBefore: null,
    ...more,
  };
}

const text = (w: WorkloadHistory[]) => blocksText(renderHistoryBlocks(w, NOW));

describe('renderHistoryBlocks', () => {
  it('a first occurrence says nothing', () => {
    assert.deepEqual(renderHistoryBlocks([workload([])], NOW), []);
    assert.deepEqual(renderHistoryBlocks([], NOW), []);
  });

  it('the 3rd kill names the two before it, newest first, each a date token linking to its analysis, and the limit', () => {
    const t = text([workload([kill(25, 1.9), kill(78, 1.6)], { usageKb: 2 * GiB })]);
    assert.match(t, /3rd OOM kill of `mysqld`\* in `\/kubepods\/burstable\/pod\*\/\*` in the last 7 days — previous: /);
    const first = Math.floor((NOW - 25 * HOUR) / 1000);
    const second = Math.floor((NOW - 78 * HOUR) / 1000);
    assert.ok(t.indexOf(`<!date^${first}^{date_short_pretty} {time}^https://fake.slack.com/archives/C0DB/p${first * 1000}|2024-07-17 14:00 UTC>`) !== -1, t);
    assert.ok(t.indexOf(`<!date^${second}^`) > t.indexOf(`<!date^${first}^`), 'newest first');
    assert.match(t, /the limit was 2 GiB each time\./);
    assert.match(t, /Usage at the kill grew 1\.6 GiB → 1\.9 GiB → 2 GiB\./);
  });

  it('no trend from two kills, from flat or falling numbers, or with a number missing', () => {
    assert.doesNotMatch(text([workload([kill(2, 1.5)])]), /grew|held/);
    assert.doesNotMatch(text([workload([kill(2, 2), kill(3, 2)])]), /grew|held/, 'flat: usage at the limit each time');
    assert.doesNotMatch(text([workload([kill(2, 1.9), kill(3, 1.95)], { usageKb: 1.99 * GiB })]), /grew/, 'not increasing');
    assert.doesNotMatch(text([workload([kill(2, null), kill(3, 1.5)])]), /grew/);
  });

  it('the victim’s resident memory makes the trend when the cgroup usage does not', () => {
    const rss = (hoursAgo: number, gib: number) => ({ ...kill(hoursAgo, null, null), rssKb: gib * GiB });
    const t = text([workload([rss(1, 3), rss(2, 2.5)], { usageKb: null, limitKb: null, rssKb: 3.5 * GiB })]);
    assert.match(t, /`mysqld` held 2\.5 GiB → 3 GiB → 3\.5 GiB when killed\./);
    assert.doesNotMatch(t, /limit/, 'no limit known, none claimed');
  });

  it('a limit that changed is told as it went; the period follows the oldest kill; links beyond three are counted', () => {
    const t = text([workload([kill(1, 2), kill(2, 1), kill(3, 1, 1), kill(24 * 20, 1, 1)], { limitKb: 2 * GiB })]);
    assert.match(t, /5th OOM kill/);
    assert.match(t, /in the last 20 days/);
    assert.match(t, /and 1 more/);
    assert.match(t, /the limit went 1 GiB → 2 GiB/);
    assert.match(text([workload([kill(3, 2)])]), /2nd OOM kill of `mysqld`\* in `[^`]+` in the last 24 hours/);
  });

  it('an earlier kill without a link still shows its time; a link that is not plain https is dropped', () => {
    const t = text([workload([kill(2, 2, 2, false), { ...kill(3, 2), permalink: 'https://evil.example/x|click>' }])]);
    assert.doesNotMatch(t, /evil/);
    assert.equal((t.match(/<!date\^\d+\^\{date_short_pretty\} \{time\}\|/g) ?? []).length, 2);
  });

  it('the same kill pasted again is named as analysed before, not counted', () => {
    const t = text([workload([], {}, { analysedBefore: kill(5, 2) })]);
    assert.match(t, /This kill of `mysqld` was analysed before: <!date\^/);
    assert.doesNotMatch(t, /OOM kill of/);
  });

  it('escapes program, cgroup and host from the log; names the host', () => {
    const t = text([workload([kill(1, 2)], {}, { program: '<!channel>`x', cgroup: '/a/<@U1>', host: 'web1&' })]);
    assert.doesNotMatch(t, /<!channel>|<@U1>/);
    assert.match(t, /`&lt;!channel&gt;ˋx`/);
    assert.match(t, / on `web1&amp;`/);
  });

  it('ordinals and short paths', () => {
    assert.deepEqual([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal), ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th']);
    assert.equal(
      shortPath('/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod*.slice/cri-containerd-*.scope'),
      '/kubepods.slice/…/cri-containerd-*.scope',
    );
    assert.equal(shortPath('/system.slice/mysqld.service'), '/system.slice/mysqld.service');
  });
});

describe('renderBlocks with history', () => {
  const LOG = readFileSync(new URL('../../../examples/cgroup-v1-parent-limit.log', import.meta.url), 'utf8');
  it('puts the history right after the headline, and changes nothing else', () => {
    const report = analyzeText(LOG);
    const plain = renderBlocks(report);
    const withHistory = renderBlocks(report, { workloads: [workload([kill(2, 2)])], now: NOW });
    assert.equal(withHistory.blocks.length, plain.blocks.length + 1);
    assert.equal(withHistory.blocks[0]!.type, 'header');
    assert.match(blocksText([withHistory.blocks[1]]), /2nd OOM kill/);
    assert.deepEqual([withHistory.blocks[0], ...withHistory.blocks.slice(2)], plain.blocks);
    assert.deepEqual(renderBlocks(report, { workloads: [workload([])], now: NOW }).blocks, plain.blocks, 'a first kill: the reply as before');
  });
});
