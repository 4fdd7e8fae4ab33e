/**
 * The `oom-triage` command end to end: a child process per run, on the fixtures in ./fixtures
 * (sources in fixtures/SOURCES.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Report } from '../../src/analysis/report/report-schema.js';
import { FIXTURES, REPO, runCliProcess } from './run-cli-process.js';

const PARENT = join(FIXTURES, 'parent-cgroup-v1.dmesg-T.log');
const DORIS_KILL = join(FIXTURES, 'doris-be-killed.dmesg-T.log');
const BE_INFO = join(FIXTURES, 'doris-2.1.5-two-summaries.be.INFO');
const ESC = '\u001b';

/** The report with the input names taken off its evidence, to compare a file with the same text on stdin. */
function unnamed(report: Report): Report {
  return { ...report, events: report.events.map((e) => ({ ...e, evidence: e.evidence.map((ev) => ({ ...ev, file: null })) })) };
}

function parseReport(stdout: string): Report {
  const json: unknown = JSON.parse(stdout);
  const parsed = Report.parse(json);
  // Report.parse drops fields the schema does not name: equal means the output had none.
  assert.deepEqual(json, parsed);
  return parsed;
}

test('--help documents every option with examples, on stdout, exit 0', async () => {
  const run = await runCliProcess(['--help']);
  assert.equal(run.code, 0);
  for (const option of ['--format', '-f', 'text', 'markdown', 'json', '--kill-time', '--help', '-h', '--version', '-V', 'NO_COLOR', 'FORCE_COLOR']) {
    assert.ok(run.stdout.includes(option), `help mentions ${option}`);
  }
  assert.match(run.stdout, /dmesg -T \| oom-triage analyze -/);
  assert.match(run.stdout, /oom-triage analyze dmesg\.txt be\/log\/be\.INFO/);
});

test('--version prints the package version', async () => {
  const pkg = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { version: string };
  const run = await runCliProcess(['--version']);
  assert.equal(run.code, 0);
  assert.equal(run.stdout, `oom-triage ${pkg.version}\n`);
});

test('text (default) names the victim and cause, with evidence as file:line, and no colour in a pipe', async () => {
  const run = await runCliProcess(['analyze', PARENT]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '');
  assert.match(run.stdout, /Killed: test \(pid 30211\) — parent cgroup limit/);
  assert.match(run.stdout, /parent-cgroup-v1\.dmesg-T\.log:11 +\[Fri Sep 10 16:15:14 2021\] Task in \/mm_test\/2 killed as a result of limit of \/mm_test/);
  assert.match(run.stdout, /200 MiB/);
  assert.ok(!run.stdout.includes(ESC));
});

test('NO_COLOR keeps escape codes out; FORCE_COLOR puts them in even in a pipe', async () => {
  const [plain, forced] = await Promise.all([
    runCliProcess(['analyze', PARENT], { env: { NO_COLOR: '1' } }),
    runCliProcess(['analyze', PARENT], { env: { FORCE_COLOR: '1' } }),
  ]);
  assert.ok(!plain.stdout.includes(ESC));
  assert.ok(forced.stdout.includes(`${ESC}[1m`));
  assert.equal(forced.stdout.replace(/\u001b\[\d+m/g, ''), plain.stdout);
});

test('--format json prints exactly the Report, valid per its schema', async () => {
  const run = await runCliProcess(['analyze', '--format', 'json', PARENT]);
  assert.equal(run.code, 0, run.stderr);
  const report = parseReport(run.stdout);
  assert.equal(report.input.lines, 24);
  assert.equal(report.events.length, 1);
  assert.equal(report.events[0]!.cause, 'parent_cgroup_limit');
  assert.equal(report.events[0]!.victim?.anonRssKb, 131380);
});

test('--format markdown is ready to paste: headings, evidence table with file:line', async () => {
  const run = await runCliProcess(['analyze', '-f', 'markdown', PARENT]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^## OOM triage\n/);
  assert.match(run.stdout, /### Killed: test \(pid 30211\) — parent cgroup limit/);
  assert.match(run.stdout, /\| `parent-cgroup-v1\.dmesg-T\.log:11` \| `\[Fri Sep 10 16:15:14 2021\] Task in/);
});

test('stdin, as "-" or piped with no file, gives the same report as the file', async () => {
  const text = await readFile(PARENT);
  const [fromFile, dash, piped] = await Promise.all([
    runCliProcess(['analyze', '--format', 'json', PARENT]),
    runCliProcess(['analyze', '--format', 'json', '-'], { input: text }),
    runCliProcess(['analyze', '--format', 'json'], { input: text }),
  ]);
  assert.equal(dash.code, 0, dash.stderr);
  assert.equal(piped.code, 0, piped.stderr);
  // A named file's evidence says which file; standard input has no name. Everything else is the same.
  assert.ok(parseReport(fromFile.stdout).events[0]!.evidence.every((e) => e.file === 'parent-cgroup-v1.dmesg-T.log'));
  assert.ok(parseReport(dash.stdout).events[0]!.evidence.every((e) => e.file === null));
  assert.deepEqual(unnamed(parseReport(dash.stdout)), unnamed(parseReport(fromFile.stdout)));
  assert.deepEqual(unnamed(parseReport(piped.stdout)), unnamed(parseReport(fromFile.stdout)));
  const textRun = await runCliProcess(['analyze', '-'], { input: text });
  assert.match(textRun.stdout, /line 11 +\[Fri Sep 10 16:15:14 2021\] Task in/);
});

test('gzip input is recognised by its magic bytes, from a file (any name) or stdin', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'oom-triage-cli-'));
  try {
    const gz = gzipSync(await readFile(PARENT));
    await writeFile(join(dir, 'kern.log.1.gz'), gz);
    await writeFile(join(dir, 'kern.log.old'), gz);
    const [plain, named, renamed, piped] = await Promise.all([
      runCliProcess(['analyze', '--format', 'json', PARENT]),
      runCliProcess(['analyze', '--format', 'json', join(dir, 'kern.log.1.gz')]),
      runCliProcess(['analyze', '--format', 'json', join(dir, 'kern.log.old')]),
      runCliProcess(['analyze', '--format', 'json', '-'], { input: gz }),
    ]);
    const expected = unnamed(parseReport(plain.stdout));
    for (const run of [named, renamed, piped]) {
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(unnamed(parseReport(run.stdout)), expected);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('dmesg + be.INFO: one analysis, line numbers across files, the Doris summary before the kill', async () => {
  const [json, text] = await Promise.all([
    runCliProcess(['analyze', '--format', 'json', DORIS_KILL, BE_INFO]),
    runCliProcess(['analyze', DORIS_KILL, BE_INFO]),
  ]);
  assert.equal(json.code, 0, json.stderr);
  const report = parseReport(json.stdout);
  const dmesgLines = (await readFile(DORIS_KILL, 'utf8')).split('\n').length - 1;
  const beLines = (await readFile(BE_INFO, 'utf8')).split('\n').length - 1;
  assert.equal(report.input.lines, dmesgLines + beLines);
  assert.equal(report.events[0]?.victim?.comm, 'doris_be');
  assert.ok(report.doris, 'the Doris section is filled');
  assert.match(report.doris.summaryTime ?? '', /^2024-07-18[T ]15:03:41/);
  assert.match(report.doris.killTime ?? '', /^2024-07-18[T ]15:03:59/);
  assert.equal(report.doris.processResidentBytes, 60236863488);
  // The be.INFO evidence is shown against be.INFO's own line numbers.
  assert.match(text.stdout, /Doris BE memory/);
  assert.match(text.stdout, /Killed: doris_be \(pid 12345\)/);
  for (const m of text.stdout.matchAll(/doris-2\.1\.5-two-summaries\.be\.INFO:(\d+)/g)) assert.ok(Number(m[1]) <= beLines);
});

test('--kill-time picks the last Doris summary before that time when no kernel log is given', async () => {
  const [early, none] = await Promise.all([
    runCliProcess(['analyze', '--format', 'json', '--kill-time', '2024-07-18 14:45:00', BE_INFO]),
    runCliProcess(['analyze', '--format', 'json', BE_INFO]),
  ]);
  assert.equal(early.code, 0, early.stderr);
  assert.match(parseReport(early.stdout).doris?.summaryTime ?? '', /^2024-07-18[T ]14:40:12/);
  assert.match(parseReport(early.stdout).doris?.killTime ?? '', /^2024-07-18[T ]14:45:00/);
  assert.match(parseReport(none.stdout).doris?.summaryTime ?? '', /^2024-07-18[T ]15:03:41/);
});

test('an empty input is analysed (exit 0) and says nothing was found', async () => {
  const run = await runCliProcess(['analyze', '-'], { input: '' });
  assert.equal(run.code, 0);
  assert.match(run.stdout, /^No OOM-killer kill found in 0 lines\./);
});

test('usage errors and unreadable inputs: one line on stderr, nothing on stdout, exit 2', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'oom-triage-cli-'));
  try {
    await writeFile(join(dir, 'corrupt.gz'), Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('not really gzip at all')]));
    await writeFile(join(dir, 'truncated.gz'), gzipSync(await readFile(PARENT)).subarray(0, 200));
    await mkdir(join(dir, 'a-directory'));
    await writeFile(join(dir, 'secret.log'), 'x\n');
    await chmod(join(dir, 'secret.log'), 0o000);
    const cases: [string[], RegExp][] = [
      [['analyze', '--format', 'yaml', PARENT], /^oom-triage: --format must be one of text, markdown, json$/],
      [['analyze', '--frobnicate'], /^oom-triage: unknown option --frobnicate/],
      [['analyze', '--kill-time'], /^oom-triage: option --kill-time needs a value/],
      [['analyze', '--kill-time', 'noon', PARENT], /^oom-triage: --kill-time must look like 2024-07-18 15:03:59/],
      [['explain', PARENT], /^oom-triage: unknown command 'explain'/],
      [[], /^oom-triage: missing command/],
      [['analyze', join(dir, 'missing.log')], /^oom-triage: cannot read .*missing\.log: no such file$/],
      [['analyze', join(dir, 'a-directory')], /^oom-triage: cannot read .*a-directory: it is a directory$/],
      [['analyze', join(dir, 'corrupt.gz')], /^oom-triage: cannot read .*corrupt\.gz: it looks gzip-compressed but is corrupt/],
      [['analyze', '--kill-time', '2024-02-30 10:00:00', PARENT], /^oom-triage: --kill-time is not a real date and time$/],
      [['analyze', '--kill-time', '2024-07-18T15:03:59+08:00', PARENT], /^oom-triage: --kill-time has a time zone, but the log's times have none/],
    ];
    // root reads any file whatever its mode, so permission is only testable as another user.
    if (process.getuid?.() !== 0) cases.push([['analyze', join(dir, 'secret.log')], /^oom-triage: cannot read .*secret\.log: permission denied$/]);
    const runs = await Promise.all(cases.map(([args]) => runCliProcess(args)));
    runs.forEach((run, i) => {
      const [args, expected] = cases[i]!;
      assert.equal(run.code, 2, `exit 2 for ${args.join(' ')}`);
      assert.equal(run.stdout, '', `nothing on stdout for ${args.join(' ')}`);
      assert.equal(run.stderr.split('\n').length, 2, `one line for ${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr.trimEnd(), expected);
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('one unreadable input among several: the others are analysed and printed, each failure named, exit 2 (as grep)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'oom-triage-cli-'));
  try {
    await mkdir(join(dir, 'a-directory'));
    const text = await runCliProcess(['analyze', join(dir, 'missing.log'), PARENT, join(dir, 'a-directory')]);
    assert.equal(text.code, 2);
    assert.match(text.stdout, /test \(pid 30211\)/, 'the readable file is analysed');
    assert.match(text.stdout, /parent-cgroup-v1\.dmesg-T\.log:\d+/, 'its evidence is named by file');
    const errors = text.stderr.trimEnd().split('\n');
    assert.equal(errors.length, 2);
    assert.match(errors[0]!, /^oom-triage: cannot read .*missing\.log: no such file$/);
    assert.match(errors[1]!, /^oom-triage: cannot read .*a-directory: it is a directory$/);

    const json = await runCliProcess(['analyze', '--format', 'json', PARENT, join(dir, 'missing.log')]);
    assert.equal(json.code, 2);
    assert.equal(parseReport(json.stdout).events[0]?.victim?.pid, 30211);

    // A gzip that breaks off: what came before the break is analysed, and the break is reported.
    const whole = gzipSync(await readFile(PARENT));
    await writeFile(join(dir, 'truncated.gz'), whole.subarray(0, whole.length - 40));
    const cut = await runCliProcess(['analyze', '--format', 'json', join(dir, 'truncated.gz')]);
    assert.equal(cut.code, 2);
    assert.match(cut.stderr.trimEnd(), /^oom-triage: cannot read .*truncated\.gz: it looks gzip-compressed but is corrupt \(unexpected end of file\)$/);
    assert.ok(parseReport(cut.stdout).input.lines > 0, 'the lines before the break were read');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('--summary (-q, --quiet): one verdict line per kill', async () => {
  const [one, many, none] = await Promise.all([
    runCliProcess(['analyze', '--summary', PARENT]),
    runCliProcess(['analyze', '-q', PARENT, DORIS_KILL]),
    runCliProcess(['analyze', '--quiet', '-'], { input: 'nothing to see\n' }),
  ]);
  assert.equal(one.code, 0);
  assert.equal(one.stdout, '2021-09-10T16:15:14: test (pid 30211) was killed because a parent memory cgroup reached its limit.\n');
  assert.equal(many.code, 0);
  const lines = many.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 2, 'one line for each of the two kills');
  assert.ok(lines.every((l) => /was killed because/.test(l)), many.stdout);
  assert.equal(none.stdout, 'No OOM-killer kill found in 1 line.\n');
});
