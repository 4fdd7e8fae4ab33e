/**
 * `npm start` reads `.env` from the directory it runs in when the file is there (README: `cp
 * .env.example .env`, fill in, `npm start`), runs without one when the environment has everything,
 * and lets a variable already set in the environment win over the file. The start script's own node
 * flags are used, with the TypeScript entry point in place of the built one.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRedis } from '../helpers/redis-harness.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

/** The node options of `npm start` ("node --env-file-if-exists=.env dist/main.js" → the flags). */
function startFlags(): string[] {
  const words = pkg.scripts['start']!.split(/\s+/);
  assert.equal(words[0], 'node');
  assert.equal(words.at(-1), 'dist/main.js');
  return words.slice(1, -1);
}

interface Run {
  code: number | null;
  stderr: string;
  lines: Array<Record<string, unknown>>;
}

/** Starts the bot as `npm start` would in `cwd`; stops it (SIGTERM) once it has logged that it started. */
function start(cwd: string, env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, [...startFlags(), '--import', import.meta.resolve('tsx'), join(REPO, 'src/main.ts')], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  let stderr = '';
  let buffered = '';
  child.stdout.setEncoding('utf8').on('data', (data: string) => {
    buffered += data;
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const line = JSON.parse(buffered.slice(0, nl)) as Record<string, unknown>;
      buffered = buffered.slice(nl + 1);
      lines.push(line);
      if (/started$/.test(String(line['msg']))) child.kill('SIGTERM');
    }
  });
  child.stderr.setEncoding('utf8').on('data', (data: string) => (stderr += data));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stderr, lines })));
}

describe('npm start and .env', () => {
  it('reads .env in the working directory; a variable set in the environment wins', async () => {
    const redis = await startRedis();
    const dir = mkdtempSync(join(tmpdir(), 'oom-triage-env-'));
    try {
      writeFileSync(
        join(dir, '.env'),
        ['# as copied from .env.example and filled in', 'SLACK_BOT_TOKEN=xoxb-from-dotenv', 'ROLE=worker', `REDIS_URL=${redis.url}`, 'PORT=0', 'WORKER_CONCURRENCY=3', 'LOG_LEVEL=debug', ''].join('\n'),
      );
      const run = await start(dir, { LOG_LEVEL: 'info' });
      const started = run.lines.find((l) => l['msg'] === 'oom-triage worker started');
      assert.ok(started, `started with the .env values (stderr: ${run.stderr})`);
      assert.equal(started['role'], 'worker');
      assert.equal(run.code, 0, 'stopped cleanly on SIGTERM');
      assert.ok(!run.lines.some((l) => l['level'] === 20), 'LOG_LEVEL from the environment won over .env (no debug lines)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await redis.stop();
    }
  });

  it('without .env, the environment alone decides: a missing token is named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oom-triage-env-'));
    try {
      const run = await start(dir, {});
      assert.equal(run.code, 2);
      assert.match(run.stderr, /configuration: SLACK_BOT_TOKEN is required/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
