/**
 * A kill with no dump of its own, followed within a second by a full dump of the same host, is one
 * incident with that dump: the dump's memory factors, the lines that show them, and the advice that
 * follows from the same numbers (made by the advice stage from the dump's memory picture) are the
 * lone kill's too. The kill line may stand alone because the kernel rate-limited the dump or because
 * the paste starts at it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText } from '../../../../src/analysis/analyze.js';
import { renderText } from '../../../../src/render/text/render-text.js';

const analyse = (path: string) => analyzeText(readFileSync(new URL(`../../../fixtures/${path}`, import.meta.url)));

test('a paste that starts at a kill line, 8 ms before the next OOM\'s dump: the dump\'s slab leak and its check are the kill\'s too', () => {
  const r = analyse('public/kernel/syzkaller-5.10-printk-caller-mail-wrapped-global-oom-slab-leak.log');
  const [kill, dump] = r.events as [NonNullable<(typeof r.events)[0]>, NonNullable<(typeof r.events)[0]>];
  assert.deepEqual([kill.victim?.comm, kill.trigger, kill.memInfo, kill.factors], ['dhclient', null, null, ['slab_unreclaimable_high']]);
  assert.deepEqual([dump.noKill, dump.factors], ['input_ends', ['slab_unreclaimable_high']]);
  assert.ok(
    kill.evidence.some((x) => x.line === 74 && x.why === 'the dump printed 8 ms later on the same host shows the memory of this incident: unreclaimable slab was 1.07 GiB, 90% of the 1.19 GiB the Mem-Info counters account for (RAM is not printed; more than a quarter of the counted memory: a kernel slab leak is likely)'),
    JSON.stringify(kill.evidence),
  );
  const slab = kill.suggestions.find((s) => s.id === 'check-slab-leak');
  assert.equal(slab?.title, 'Unreclaimable slab is 1.07 GiB: look for a kernel slab leak');
  assert.deepEqual(slab, dump.suggestions.find((s) => s.id === 'check-slab-leak'));
  assert.deepEqual(kill.suggestions.map((s) => s.id), ['reduce-memory-demand', 'check-slab-leak', 'check-kernel-side-memory', 'strict-overcommit']);
  const text = renderText(r);
  assert.match(text, /^ {2}Contributing: unreclaimable slab above 10% of RAM$/m);
  assert.match(text, /^ {4}\d\. Unreclaimable slab is 1\.07 GiB: look for a kernel slab leak$/m);
});

test('a rate-limited lone kill in the same second as a full dump: the dump\'s swap and slab advice, from the dump\'s numbers', () => {
  const r = analyse('kernel/4.19-lone-kill-then-full-dump-same-second-slab-leak-syslog.log');
  const [lone, full] = r.events as [NonNullable<(typeof r.events)[0]>, NonNullable<(typeof r.events)[0]>];
  assert.deepEqual(lone.factors, ['header_rate_limited', 'no_swap', 'slab_unreclaimable_high', 'repeated_kills']);
  for (const id of ['check-slab-leak', 'add-swap']) {
    const mine = lone.suggestions.find((s) => s.id === id);
    assert.ok(mine !== undefined, `${id} in ${JSON.stringify(lone.suggestions.map((s) => s.id))}`);
    assert.deepEqual(mine, full.suggestions.find((s) => s.id === id));
  }
  assert.equal(lone.suggestions.find((s) => s.id === 'check-slab-leak')?.title, 'Unreclaimable slab is 4.2 GiB: look for a kernel slab leak');
  // Its own advice stays: the dump that would show this kill's candidates is not in the paste.
  assert.equal(lone.suggestions[0]?.id, 'find-full-dump');
});
