import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildOomEvent } from '../../../../src/analysis/kernel/verdict/build-oom-event.js';
import { badnessPoints } from '../../../../src/analysis/kernel/verdict/rank-oom-candidates.js';
import { rawBuilder } from '../parse/raw-event-builder.js';
import type { RawOomEvent } from '../../../../src/analysis/kernel/parse/raw-event.js';
import type { OomEvent } from '../../../../src/analysis/report/report-schema.js';

/** The verdict alone (no advice): what the kernel's lines prove. */
const judge = (raw: RawOomEvent): OomEvent => buildOomEvent(raw).event;

describe('oom_badness ranking (seed 003)', () => {
  test('points = rss + page-table pages + swap entries + adj × (totalpages / 1000)', () => {
    const row = { pid: 1, uid: 0, tgid: 1, totalVmPages: 0, rssPages: 1000, rssAnonPages: null, rssFilePages: null, rssShmemPages: null, pgtablesKb: 40, swapents: 5, oomScoreAdj: 0, name: 'a', at: { file: null, line: 1, text: '' } };
    assert.equal(badnessPoints(row, 100000, 4), 1015);
    assert.equal(badnessPoints({ ...row, oomScoreAdj: 500 }, 100000, 4), 1015 + 500 * 100);
    assert.equal(badnessPoints({ ...row, oomScoreAdj: -1000 }, 100000, 4), 0, '-1000 is never killed');
    assert.equal(badnessPoints({ ...row, oomScoreAdj: -999 }, 100000, 4), 1, 'an eligible task never scores below 1');
    assert.equal(badnessPoints({ ...row, oomScoreAdj: 100 }, null, 4), null, 'adj cannot be weighed without totalpages');
  });

  test('top tasks are the largest by RSS with their share of the dump, and the victim is shown to have won', () => {
    const e = judge(
      rawBuilder()
        .header('httpd')
        .taskIn('/', 'host')
        .swap(0, 524280)
        .pagesRam(131071)
        .tasks([
          { pid: 1, name: 'init', rssPages: 200 },
          { pid: 9682, name: 'mysqld', rssPages: 936, pgtablesKb: 40 },
          { pid: 8911, name: 'httpd', rssPages: 700 },
        ])
        .killed(9682, 'mysqld', { anonRssKb: 3744, fileRssKb: 80 })
        .build(),
    );
    assert.deepEqual(e.topTasks.map((t) => [t.comm, t.rssKb]), [['mysqld', 3744], ['httpd', 2800], ['init', 800]]);
    assert.equal(e.topTasks[0]!.share, 0.5098, "936 of 1836 dumped pages");
    // Without `pages reserved` totalpages (totalram_pages + swap) is unknown: pages, not a score.
    assert.ok(e.evidence.some((x) => /oom_badness: mysqld had 946 pages .* the highest \(no score: the log does not show totalpages/.test(x.why)));
    assert.ok(e.evidence.some((x) => /runner-up httpd \(pid 8911\) had 700 pages/.test(x.why)));
  });

  test('a larger task passed over because of its oom_score_adj is named', () => {
    const e = judge(
      rawBuilder()
        .header('a')
        .taskIn('/', 'host')
        .swap(0, 0)
        .pagesRam(1000000)
        .pagesReserved(0)
        .tasks([
          { pid: 10, name: 'postgres', rssPages: 300000, oomScoreAdj: -900 },
          { pid: 20, name: 'worker', rssPages: 100000 },
        ])
        .killed(20, 'worker')
        .build(),
    );
    assert.ok(e.evidence.some((x) => /postgres \(pid 10\) held more memory .* passed over: oom_score_adj=-900 lowered it to score 0 /.test(x.why)));
  });

  test('for a memcg OOM totalpages is the cgroup limit in pages', () => {
    const e = judge(
      rawBuilder()
        .header('a')
        .taskIn('/a', '/a')
        .memory(409600, 409600, 1)
        .memsw(409600, 409600)
        .tasks([
          { pid: 1, name: 'big', rssPages: 60000 },
          { pid: 2, name: 'boosted', rssPages: 30000, oomScoreAdj: 500 },
        ])
        .killed(2, 'boosted')
        .build(),
    );
    // limit 409600 kB = 102400 pages → adj 500 × 102 = 51000; 30000 + 51000 = 81000 > 60000.
    assert.ok(e.evidence.some((x) => /boosted had score 761–791 .*totalpages 102400/.test(x.why)), 'score = 81000 × 1000 / 102400, less 3% if it ran as root on a kernel before 4.17');
  });

  test('no task dump: no top tasks and no ranking evidence', () => {
    const e = judge(rawBuilder().header('a').taskIn('/', 'host').killed(1, 'a').build());
    assert.deepEqual(e.topTasks, []);
    assert.ok(!e.evidence.some((x) => /oom_badness/.test(x.why)));
  });
});

describe('victim', () => {
  test('fills uid, page tables and oom_score_adj from the task row of the same pid when the kill line lacks them', () => {
    const e = judge(rawBuilder().header('a').tasks([{ pid: 5, name: 'app', rssPages: 10, uid: 1000, pgtablesKb: 12, oomScoreAdj: 300 }]).killed(5, 'app').build());
    assert.deepEqual([e.victim?.uid, e.victim?.pgtablesKb, e.victim?.oomScoreAdj], [1000, 12, 300]);
  });

  test('keeps what the 5.4+ kill line prints over the row', () => {
    const e = judge(rawBuilder().header('a').tasks([{ pid: 5, name: 'app', rssPages: 10, uid: 1000 }]).killed(5, 'app', { uid: 0, pgtablesKb: 337048, oomScoreAdj: 0 }).build());
    assert.deepEqual([e.victim?.uid, e.victim?.pgtablesKb], [0, 337048]);
  });

  test('only the kill-select line: victim with unknown sizes', () => {
    const e = judge(rawBuilder().killSelect(77, 'tmux', 6).build());
    assert.deepEqual(e.victim, { pid: 77, comm: 'tmux', totalVmKb: null, anonRssKb: null, fileRssKb: null, shmemRssKb: null, uid: null, pgtablesKb: null, oomScoreAdj: null, fromTaskTable: null });
  });

  test('a sacrificed child is the victim, and the evidence says the parent was selected (seed 004)', () => {
    const e = judge(rawBuilder().killSelect(26379, 'tmux', 6).killed(26551, 'bash', { totalVmKb: 23220, anonRssKb: 2768, fileRssKb: 8, shmemRssKb: null }).build());
    assert.equal(e.victim?.pid, 26551);
    assert.equal(e.victim?.comm, 'bash');
    assert.ok(e.evidence.some((x) => /selected tmux \(pid 26379, score 6\) but killed its child bash \(pid 26551\)/.test(x.why)));
  });

  test('trigger from the header and the CPU line', () => {
    const b = rawBuilder().header('httpd', { order: 0 });
    b.raw.triggerPid = 8911;
    const e = judge(b.killed(1, 'x').build());
    assert.deepEqual(e.trigger, { comm: 'httpd', pid: 8911, gfpMask: '0x6000c0', gfpFlags: ['GFP_KERNEL'], order: 0, oomScoreAdj: 0, oomAdj: null });
  });

  test('an empty event gives nulls, never zeros, and does not throw', () => {
    const e = judge(rawBuilder().build());
    assert.equal(e.victim, null);
    assert.equal(e.trigger, null);
    assert.equal(e.memcg, null);
    assert.equal(e.cause, 'unknown');
  });
});
