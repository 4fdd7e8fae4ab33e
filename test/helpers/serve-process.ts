/**
 * Starts the real `oom-triage serve` (the CLI entry point through tsx) on a free port and reads its
 * address from the line it prints; stop() ends that process and no other.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface ServeProcess {
  url: string;
  stop(): Promise<void>;
}

export function startServeProcess(env: Record<string, string> = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0'], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /(http:\/\/[^\s]+\/)/.exec(out);
      if (m) {
        resolve({
          url: m[1]!,
          stop: async () => {
            child.kill('SIGTERM');
            await closed;
          },
        });
      }
    });
    child.once('close', (code) => reject(new Error(`oom-triage serve exited (${code}) before listening: ${err || out}`)));
  });
}

/** Debian's chromium (apt-get install chromium), or CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
