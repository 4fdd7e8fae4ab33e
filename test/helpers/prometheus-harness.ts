/**
 * A real Prometheus server (Debian's `prometheus` package, unpacked by .ci/run as it is for
 * promtool) with history loaded through `promtool tsdb create-blocks-from openmetrics`: the way to
 * give a fresh server an hour of samples it never scraped. Fails loudly, never skips, when the
 * binaries are missing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where .ci/run unpacks Debian's prometheus package when the tools are not on the PATH. */
const UNPACKED = '/usr/local/lib/oom-triage-ci/prometheus/usr/bin';

export interface Sample {
  /** `name{label="value",…}` */
  series: string;
  /** Unix seconds. */
  t: number;
  value: number;
}

export interface TestPrometheus {
  url: string;
  stop(): Promise<void>;
}

function tool(name: string): string {
  const onPath = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
  if (onPath !== '') return onPath;
  const unpacked = join(UNPACKED, name);
  if (existsSync(unpacked)) return unpacked;
  throw new Error(`${name} not found on the PATH or in ${UNPACKED}: run .ci/run (it unpacks Debian's prometheus package)`);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** OpenMetrics text: each series' samples in time order, one `# TYPE … gauge` per metric name. */
function openMetrics(samples: readonly Sample[]): string {
  const bySeries = new Map<string, Sample[]>();
  for (const s of samples) bySeries.set(s.series, [...(bySeries.get(s.series) ?? []), s]);
  const byName = new Map<string, string[]>();
  for (const [series, list] of bySeries) {
    const name = series.replace(/\{.*$/, '');
    const lines = byName.get(name) ?? [];
    for (const s of [...list].sort((a, b) => a.t - b.t)) lines.push(`${series} ${s.value} ${s.t}`);
    byName.set(name, lines);
  }
  const out: string[] = [];
  for (const [name, lines] of byName) out.push(`# TYPE ${name} gauge`, ...lines);
  out.push('# EOF', '');
  return out.join('\n');
}

export async function startPrometheus(samples: readonly Sample[]): Promise<TestPrometheus> {
  const prometheus = tool('prometheus');
  const promtool = tool('promtool');
  const dir = mkdtempSync(join(tmpdir(), 'test-prometheus-'));
  const data = join(dir, 'data');
  writeFileSync(join(dir, 'history.om'), openMetrics(samples));
  const created = spawnSync(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', '-q', join(dir, 'history.om'), data], { encoding: 'utf8' });
  if (created.status !== 0) throw new Error(`promtool create-blocks-from openmetrics failed: ${created.stderr}`);
  writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 1h\nscrape_configs: []\n');
  const port = await freePort();
  const child: ChildProcess = spawn(
    prometheus,
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${data}`, `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=30d', '--log.level=error'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${stderr}`);
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
