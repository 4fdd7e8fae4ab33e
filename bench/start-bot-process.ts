/**
 * Starts the bot as it is deployed (DESIGN §1, docker-compose): its own node process running the
 * real entry point with `ROLE=web` or `ROLE=worker`, so a role's CPU never delays another's (the
 * web role's ack is not queued behind a worker's analysis, as it would be in one process).
 *
 * The entry point is the build (dist/main.js) when it is at least as new as every file in src/,
 * otherwise src/main.ts through tsx; tsx only costs at start-up (loading), not per request.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../test/helpers/redis-harness.js';
import { newestMtime } from './analyse-in-child.js';

export interface BotProcess {
  role: 'web' | 'worker';
  pid: number;
  port: number;
  /** SIGTERM (the entry point's graceful stop), then SIGKILL after a grace period. */
  stop(): Promise<void>;
}

export interface EntryPoint {
  kind: 'dist' | 'tsx';
  args: string[];
}

export function pickEntryPoint(root: string): EntryPoint {
  const dist = join(root, 'dist', 'main.js');
  if (existsSync(dist) && statSync(dist).mtimeMs >= newestMtime(join(root, 'src'))) return { kind: 'dist', args: [dist] };
  return { kind: 'tsx', args: ['--import', 'tsx', join(root, 'src', 'main.ts')] };
}

export async function startBotProcess(
  root: string,
  entry: EntryPoint,
  role: 'web' | 'worker',
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<BotProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, ...entry.args], {
    cwd: root,
    env: { ...process.env, ...env, ROLE: role, PORT: String(port) },
    // The bot's pino lines go to the bench's stdout only when asked for (LOG_LEVEL in `env` decides how many).
    stdio: ['ignore', process.env['BENCH_SLACK_SHOW_LOGS'] ? 'inherit' : 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    if (stderr.length < 4000) stderr += c.toString('utf8');
  });
  try {
    await waitForHealth(child, port, 60_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`the ${role} process did not start: ${err instanceof Error ? err.message : String(err)}${stderr ? `\n${stderr}` : ''}`);
  }
  return { role, pid: child.pid ?? -1, port, stop: () => stopChild(child) };
}

async function waitForHealth(child: ChildProcess, port: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      await res.text();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no answer on /healthz within ${ms} ms`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
