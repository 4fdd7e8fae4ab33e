/**
 * Packaging: LICENSE matches package.json, CHANGELOG has the version, the Docker build context
 * leaves out what must never be in an image but keeps what the Dockerfile copies, the image runs
 * as a numeric non-root user, and docker-compose.yml builds one image for both roles with a
 * bounded Redis. The compose file is checked by docker-compose itself (`config -q`, offline: no
 * Docker engine needed) where it is installed — .ci/run installs Debian's docker-compose.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';

const run = promisify(execFile);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (file: string) => readFile(join(ROOT, file), 'utf8');

interface ComposeService {
  image?: string;
  build?: string | { context: string };
  command?: string[] | string;
  environment?: Record<string, string>;
  env_file?: string | string[];
  read_only?: boolean;
  tmpfs?: string[];
}

describe('packaging', () => {
  it('LICENSE is the Apache License 2.0 that package.json names', async () => {
    const pkg = JSON.parse(await read('package.json')) as { license: string };
    assert.equal(pkg.license, 'Apache-2.0');
    const license = await read('LICENSE');
    assert.match(license, /Apache License\s+Version 2\.0, January 2004/);
    assert.match(license, /END OF TERMS AND CONDITIONS/);
  });

  it('CHANGELOG.md keeps an Unreleased section and one for the version in package.json', async () => {
    const { version } = JSON.parse(await read('package.json')) as { version: string };
    const changelog = await read('CHANGELOG.md');
    assert.match(changelog, /^## \[Unreleased\]$/m);
    assert.match(changelog, new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'));
  });

  it('the build context leaves out node_modules, .git, .env, dist and tests, and keeps what the Dockerfile copies', async () => {
    const ignore = (await read('.dockerignore')).split('\n');
    for (const path of ['node_modules', 'node_modules/ioredis/package.json', '.git', '.git/HEAD', '.env', '.env.local', 'dist/main.js', 'test/fixtures/kernel/x.log', 'coverage', 'bench/data/big.log']) {
      assert.ok(dockerIgnores(ignore, path), `${path} is left out of the build context`);
    }
    const copied = copiedFromContext(await read('Dockerfile'));
    assert.ok(copied.length > 0);
    for (const path of copied) {
      assert.ok(existsSync(join(ROOT, path)), `the Dockerfile copies ${path}, which exists`);
      assert.ok(!dockerIgnores(ignore, path), `the Dockerfile copies ${path}, which the build context keeps`);
    }
  });

  it('the image runs as a numeric non-root user and starts dist/main.js', async () => {
    const dockerfile = await read('Dockerfile');
    const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    const user = /^USER\s+(\S+)/m.exec(finalStage)?.[1];
    assert.ok(user, 'the final stage sets USER');
    const [uid] = user.split(':');
    assert.match(uid!, /^[1-9]\d*$/, 'numeric and not 0, so runAsNonRoot can check it');
    assert.match(finalStage, /^CMD \["node", "dist\/main\.js"\]$/m);
  });

  it('docker-compose.yml builds one image for web and worker and bounds Redis with maxmemory beside noeviction', async () => {
    const compose = parse(await read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };
    const services = compose.services;
    const built = Object.entries(services).filter(([, s]) => s.build !== undefined);
    assert.deepEqual(built.map(([name]) => name), ['web'], 'one build');
    const image = built[0]![1].image;
    assert.ok(image, 'the build is tagged, so the worker can run it');
    for (const [name, role] of [['web', 'web'], ['worker', 'worker']] as const) {
      const service = services[name]!;
      assert.equal(service.image, image, `${name} runs the one image`);
      assert.equal(service.environment?.['ROLE'], role);
      assert.equal(service.read_only, true, `${name}: read-only root filesystem`);
      assert.ok(service.tmpfs?.includes('/tmp'), `${name}: a writable /tmp`);
      assert.equal(service.env_file, '.env');
    }
    const command = services['redis']!.command;
    assert.ok(Array.isArray(command));
    const option = (name: string) => command[command.indexOf(name) + 1];
    assert.equal(option('--maxmemory-policy'), 'noeviction');
    assert.ok(command.includes('--maxmemory'), 'maxmemory is set where noeviction is');
    assert.match(String(option('--maxmemory')), /^[1-9]\d*(kb|mb|gb)?$/i, 'a non-zero maxmemory (0 means unlimited)');
  });

  it('docker-compose accepts docker-compose.yml and rejects a misspelled option', async (t) => {
    const found = await run('docker-compose', ['version']).then(
      () => true,
      () => false,
    );
    if (!found) {
      if (process.env['CI']) assert.fail('docker-compose is missing: .ci/run installs Debian\'s docker-compose');
      t.skip('docker-compose is not installed (apt-get install --no-install-recommends docker-compose): only the checks above ran');
      return;
    }
    const dir = await mkdtemp(join(tmpdir(), 'oom-triage-compose-'));
    try {
      await copyFile(join(ROOT, 'docker-compose.yml'), join(dir, 'docker-compose.yml'));
      // As the README says: cp .env.example .env.
      await copyFile(join(ROOT, '.env.example'), join(dir, '.env'));
      const config = (args: string[]) => run('docker-compose', ['--project-directory', dir, '-f', join(dir, 'docker-compose.yml'), 'config', ...args], { cwd: dir });
      await config(['-q']);
      const text = await readFile(join(dir, 'docker-compose.yml'), 'utf8');
      await writeFile(join(dir, 'docker-compose.yml'), text.replace('read_only: true', 'readonly: true'));
      await assert.rejects(config(['-q']), (err: { stderr?: string }) => /readonly/.test(err.stderr ?? ''));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** Docker's .dockerignore rules, enough for this file: globs, parents excluded with their children, `!` re-includes, last match wins. */
function dockerIgnores(lines: string[], path: string): boolean {
  let ignored = false;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    const pattern = (negate ? line.slice(1) : line).replace(/^\/+|\/+$/g, '');
    const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]').replace(/\u0000/g, '.*')}$`);
    const parts = path.split('/');
    const matches = parts.some((_, i) => regex.test(parts.slice(0, i + 1).join('/')));
    if (matches) ignored = !negate;
  }
  return ignored;
}

/** Sources of every COPY that reads the build context (not `--from=` another stage). */
function copiedFromContext(dockerfile: string): string[] {
  const sources: string[] = [];
  for (const line of dockerfile.split('\n')) {
    const match = /^COPY\s+(.+)$/.exec(line.trim());
    if (!match || /--from=/.test(match[1]!)) continue;
    const args = match[1]!.split(/\s+/).filter((a) => !a.startsWith('--'));
    sources.push(...args.slice(0, -1));
  }
  return sources;
}
