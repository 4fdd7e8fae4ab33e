/**
 * Real OOM logs that other people posted publicly (bug reports, a mailing-list patch, a forum
 * thread, other projects' test data) come out the way a careful human expert reads them.
 *
 * Fixtures: test/fixtures/public/kernel/, each cited in test/fixtures/public/SOURCES.md.
 * Expectations: test/fixtures/public/expected.json ("kernel" section). A key missing there is not
 * asserted; `null` means the log does not print that fact, so the report must say null. A `victim`
 * of null is an OOM dump the kernel printed without killing anyone (the paste stops before the kill
 * line, or the kernel found no killable task): still an event, with no victim. `killCount` counts the
 * events with a victim (a kill pasted twice is one), `events` lists every event in order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzeText } from '../../src/analysis/analyze.js';
import type { CauseId, Constraint, FactorId, OomEvent } from '../../src/analysis/report/report-schema.js';

interface ExpectedMemcg {
  taskPath?: string;
  oomPath?: string;
  usageKb?: number;
  limitKb?: number;
  failcnt?: number;
  version?: 1 | 2 | null;
}

interface ExpectedEvent {
  victim: { pid: number; comm: string } | null;
  cause: CauseId;
  /** Why an expert reads this cause; shown when the assertion fails. */
  note: string;
  constraint?: Constraint;
  kernelVersion?: string;
  host?: string;
  trigger?: { comm: string; pid?: number; order?: number; oomScoreAdj?: number | null; oomAdj?: number };
  memcg?: ExpectedMemcg | null;
  factors: FactorId[];
  /** Why the dump ends without a kill (OomEvent.noKill). */
  noKill?: OomEvent['noKill'];
  /** Whether wrapped lines were joined back (OomEvent.rejoined > 0). */
  rejoined?: boolean;
}

interface ExpectedKernelFixture {
  killCount: number;
  events: ExpectedEvent[];
}

const publicDir = fileURLToPath(new URL('../fixtures/public/', import.meta.url));
const expected = JSON.parse(readFileSync(`${publicDir}expected.json`, 'utf8')) as {
  kernel: Record<string, ExpectedKernelFixture>;
};

function checkEvent(actual: OomEvent, want: ExpectedEvent, where: string): void {
  const why = `${where} (${want.note})`;
  if (want.victim === null) {
    assert.equal(actual.victim, null, `${why}: no process was killed in this dump`);
  } else {
    assert.ok(actual.victim, `${where}: the victim is named`);
    assert.equal(actual.victim.pid, want.victim.pid, `${where}: victim pid`);
    assert.equal(actual.victim.comm, want.victim.comm, `${where}: victim comm`);
  }
  assert.equal(actual.cause, want.cause, `${why}: cause`);
  if (want.constraint !== undefined) assert.equal(actual.constraint, want.constraint, `${where}: constraint`);
  if (want.kernelVersion !== undefined) assert.equal(actual.kernelVersion, want.kernelVersion, `${where}: kernel version`);
  if (want.host !== undefined) assert.equal(actual.host, want.host, `${where}: host`);
  if (want.trigger !== undefined) {
    assert.ok(actual.trigger, `${where}: the task that invoked the OOM killer is named`);
    assert.equal(actual.trigger.comm, want.trigger.comm, `${where}: trigger comm`);
    if (want.trigger.pid !== undefined) assert.equal(actual.trigger.pid, want.trigger.pid, `${where}: trigger pid`);
    if (want.trigger.order !== undefined) assert.equal(actual.trigger.order, want.trigger.order, `${where}: allocation order`);
    if (want.trigger.oomAdj !== undefined) assert.equal(actual.trigger.oomAdj, want.trigger.oomAdj, `${where}: trigger oom_adj (the -17..15 scale)`);
    if (want.trigger.oomScoreAdj !== undefined) {
      assert.equal(actual.trigger.oomScoreAdj, want.trigger.oomScoreAdj, `${where}: trigger oom_score_adj`);
    }
  }
  if (want.memcg === null) {
    assert.equal(actual.memcg, null, `${where}: no memory cgroup is involved`);
  } else if (want.memcg !== undefined) {
    assert.ok(actual.memcg, `${where}: the memory cgroup block is read`);
    for (const key of ['taskPath', 'oomPath', 'usageKb', 'limitKb', 'failcnt', 'version'] as const) {
      if (want.memcg[key] !== undefined) assert.equal(actual.memcg[key], want.memcg[key], `${where}: memcg ${key}`);
    }
  }
  if (want.noKill !== undefined) assert.equal(actual.noKill, want.noKill, `${why}: why nothing was killed`);
  if (want.rejoined !== undefined) assert.equal(actual.rejoined > 0, want.rejoined, `${where}: wrapped lines joined (${actual.rejoined})`);
  const missing = want.factors.filter((f) => !actual.factors.includes(f));
  assert.deepEqual(missing, [], `${why}: factors ${JSON.stringify(actual.factors)} lack ${missing.join(', ')}`);
  assert.ok(actual.evidence.length > 0, `${where}: the verdict quotes the log lines it rests on`);
}

for (const [file, want] of Object.entries(expected.kernel)) {
  test(`public log ${file}`, () => {
    const report = analyzeText(readFileSync(`${publicDir}kernel/${file}`));
    const found = JSON.stringify(report.events.map((e) => e.victim?.comm ?? null));
    assert.equal(report.events.length, want.events.length, `${file}: events found ${found}`);
    assert.equal(report.events.filter((e) => e.victim !== null).length, want.killCount, `${file}: kills found ${found}`);
    want.events.forEach((event, i) => {
      const actual = report.events[i];
      assert.ok(actual, `${file}: kill #${i + 1} is reported`);
      checkEvent(actual, event, `${file} kill #${i + 1}`);
    });
  });
}
