import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCliArgs } from '../../src/cli/parse-cli-args.js';
import { CliError } from '../../src/cli/cli-error.js';

function usageError(argv: string[]): string {
  try {
    parseCliArgs(argv);
  } catch (err) {
    assert.ok(err instanceof CliError && err.code === 'usage');
    return err.message;
  }
  assert.fail(`expected a usage error for ${argv.join(' ')}`);
}

test('analyze with defaults: text format, no kill time, the files in order', () => {
  assert.deepEqual(parseCliArgs(['analyze', 'a.log', '-', 'b.gz']), { command: 'analyze', format: 'text', summary: false, killTime: null, files: ['a.log', '-', 'b.gz'] });
});

test('--format, -f and --kill-time (space or T form)', () => {
  assert.equal((parseCliArgs(['analyze', '--format', 'json', 'x']) as { format: string }).format, 'json');
  assert.equal((parseCliArgs(['analyze', '-f', 'markdown', 'x']) as { format: string }).format, 'markdown');
  assert.equal((parseCliArgs(['analyze', '--kill-time', '2024-07-18 15:03:59', 'x']) as { killTime: string }).killTime, '2024-07-18 15:03:59');
  assert.equal((parseCliArgs(['analyze', '--kill-time=2024-07-18T15:03:59.250', 'x']) as { killTime: string }).killTime, '2024-07-18T15:03:59.250');
  assert.equal((parseCliArgs(['analyze', '--kill-time', '2024-02-29 23:59', 'x']) as { killTime: string }).killTime, '2024-02-29 23:59', 'a leap day');
});

test('--summary, --quiet and -q: one line per kill', () => {
  for (const flag of ['--summary', '--quiet', '-q']) assert.equal((parseCliArgs(['analyze', flag, 'x']) as { summary: boolean }).summary, true, flag);
  assert.equal(usageError(['analyze', '--summary', '--format', 'json', 'x']), '--summary prints one line per kill: it cannot be combined with --format');
});

test('--help and --version win over everything else', () => {
  assert.deepEqual(parseCliArgs(['analyze', '--help']), { command: 'help' });
  assert.deepEqual(parseCliArgs(['-h']), { command: 'help' });
  assert.deepEqual(parseCliArgs(['--version']), { command: 'version' });
});

test('each mistake is one sentence naming what to fix', () => {
  assert.equal(usageError(['analyze', '--format', 'xml', 'a']), '--format must be one of text, markdown, json');
  assert.equal(usageError(['analyze', '--format']), 'option --format needs a value (see --help)');
  assert.equal(usageError(['analyze', '--colour']), 'unknown option --colour (see --help)');
  assert.equal(usageError([]), "missing command: try 'oom-triage analyze FILE' or 'oom-triage --help'");
  assert.equal(usageError(['analyse', 'x']), "unknown command 'analyse': the commands are 'analyze' and 'serve' (see --help)");
  assert.equal(usageError(['analyze', '--kill-time', 'yesterday']), '--kill-time must look like 2024-07-18 15:03:59 or 2024-07-18T15:03:59');
  assert.equal(usageError(['analyze', '--kill-time', '2024-02-30 25:00:00']), '--kill-time is not a real date and time');
  // Dates Date.parse takes although no calendar has them, and a clock's 24:00.
  for (const impossible of ['2024-02-30 10:00:00', '2023-02-29 10:00:00', '2024-04-31T00:00', '2024-01-01 24:00:00', '2024-00-10 10:00', '2024-06-00 10:00']) {
    assert.equal(usageError(['analyze', '--kill-time', impossible]), '--kill-time is not a real date and time', impossible);
  }
  for (const zoned of ['2024-07-18T15:03:59+08:00', '2024-07-18T15:03:59Z', '2024-07-18 15:03:59 -0500'.replace(' -', '-')]) {
    assert.match(usageError(['analyze', '--kill-time', zoned]), /^--kill-time has a time zone, but the log's times have none/, zoned);
  }
  assert.equal(usageError(['analyze', '-', '-']), 'stdin (-) can be read only once');
});

test('serve: --port and --host, with defaults; nothing else', () => {
  assert.deepEqual(parseCliArgs(['serve']), { command: 'serve', port: 8080, host: '127.0.0.1' });
  assert.deepEqual(parseCliArgs(['serve', '--port', '0', '--host', '0.0.0.0']), { command: 'serve', port: 0, host: '0.0.0.0' });
  assert.equal(usageError(['serve', '--port', 'http']), '--port must be a number');
  assert.equal(usageError(['serve', '--port', '70000']), '--port must be 0–65535');
  assert.equal(usageError(['serve', 'kern.log']), 'serve takes no files: open the page and paste or drop them there');
  assert.equal(usageError(['analyze', '--port', '1', 'x']), '--port and --host belong to serve (see --help)');
});
