/**
 * Runs suggestion commands the way a user pasting them would, with `sh` (dash here, the strictest
 * POSIX shell at hand): a syntax check, and a run against a fake /proc/meminfo with the programs
 * the commands drive (sudo, redis-cli, mysql) replaced by stubs that print what they were given.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A value the user would have to type in by hand (`<size>`, `<pages in use>`); the ClickHouse config's own XML tags are not. */
export const PLACEHOLDER = /<(?!\/?(?:clickhouse|max_server_memory_usage(?:_to_ram_ratio)?)>)[^>\n]+>/;

/** `sh -n -c`: null when the command parses, else the shell's complaint. */
export function shSyntaxError(command: string): string | null {
  const r = spawnSync('sh', ['-n', '-c', command], { encoding: 'utf8' });
  return r.status === 0 ? null : `${r.stderr.trim()} in: ${command}`;
}

const STUBS: Record<string, string> = {
  // `… | sudo tee FILE` prints what would be written; any other sudo prints its arguments.
  sudo: '[ "$1" = tee ] && exec cat\necho "$@"',
  'redis-cli': 'echo "$@"',
  mysql: 'echo "$@"',
};

/**
 * Runs `command` under sh with /proc/meminfo replaced by a file holding `meminfo`, then `after`
 * (e.g. `echo "$NODE_OPTIONS"` after an export); returns stdout.
 */
export function runWithMeminfo(command: string, meminfo: string, after = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'oom-triage-host-'));
  const fake = join(dir, 'meminfo');
  writeFileSync(fake, meminfo);
  for (const [name, body] of Object.entries(STUBS)) {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  }
  const script = command.split('/proc/meminfo').join(fake) + (after !== '' ? `\n${after}` : '');
  return execFileSync('sh', ['-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}` } });
}
