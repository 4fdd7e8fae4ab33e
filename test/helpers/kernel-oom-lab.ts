/**
 * A laboratory for real OOM kills: throw-away cgroup v1 memory cgroups below this process's own
 * memory cgroup, Node.js "memory hogs" placed in them, and the kernel's own messages about the kill
 * read back from /dev/kmsg and printed by `dmesg` exactly as a user would paste them.
 *
 * Safety rules, each enforced here rather than left to the tests:
 * - cgroups are created only below the memory cgroup named in /proc/self/cgroup (read at run time),
 *   and only directories this lab created are ever written to or removed;
 * - every hog is killed and every created cgroup removed (deepest first) by `cleanup()`, which the
 *   tests call from `after()` hooks, so a failed assertion or a thrown error still cleans up;
 * - a hog also exits on its own when its stdin closes (the test process died) or after a minute.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, constants, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// ─── Where the lab may work ────────────────────────────────────────────────────────────────────

/** The cgroup v1 memory hierarchy's mount point (the usual one; cgroup v2-only hosts have none). */
export const MEMORY_ROOT = '/sys/fs/cgroup/memory';

/**
 * This process's memory cgroup as the kernel prints paths (`/process_api/<id>`), from the v1 line
 * `N:memory:/path` (or `N:cpu,memory:/path`) of /proc/self/cgroup; null when there is no v1 memory
 * controller (cgroup v2 only, or not Linux).
 */
export function ownMemoryCgroup(): string | null {
  let text: string;
  try {
    text = readFileSync('/proc/self/cgroup', 'utf8');
  } catch {
    return null;
  }
  for (const line of text.split('\n')) {
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first < 0 || second < 0) continue;
    if (line.slice(first + 1, second).split(',').includes('memory')) return line.slice(second + 1);
  }
  return null;
}

/** Joins a kernel cgroup path (`/a/b`, or `/` for the root) and a child name the way the kernel prints it. */
function childPath(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS']);

/**
 * Why the lab cannot run here, in one line, or null when it can. A probe child cgroup is created
 * and removed so that a read-only or delegated-away hierarchy is found before any scenario starts.
 */
export function labUnavailableReason(): string | null {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return 'not running as root (creating cgroups and reading /dev/kmsg need root)';
  const own = ownMemoryCgroup();
  if (own === null) return 'no cgroup v1 memory controller in /proc/self/cgroup (cgroup v2-only host?)';
  const dir = join(MEMORY_ROOT, own);
  if (!existsSync(join(dir, 'memory.limit_in_bytes'))) return `${dir} is not a cgroup v1 memory cgroup directory`;
  const probe = join(dir, `oom-triage-lab-probe-${process.pid}`);
  try {
    mkdirSync(probe);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (NOT_WRITABLE.has(code)) return `the memory cgroup ${dir} is not writable (${code})`;
    throw err;
  }
  try {
    writeFileSync(join(probe, 'memory.limit_in_bytes'), '64M');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (NOT_WRITABLE.has(code)) return `cannot set a memory limit below ${dir} (${code})`;
    throw err;
  } finally {
    rmdirSync(probe);
  }
  try {
    closeSync(openSync('/dev/kmsg', constants.O_RDONLY | constants.O_NONBLOCK));
  } catch (err) {
    return `cannot read the kernel log /dev/kmsg (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
  }
  if (spawnSync('dmesg', ['--version']).error !== undefined) return 'dmesg (util-linux) is not installed';
  return null;
}

// ─── Memory hogs ───────────────────────────────────────────────────────────────────────────────

/**
 * The hog, run with `node -e`: it prints `ready`, waits for one line on stdin (so the test can move
 * it into its cgroup and set its oom_score_adj before it allocates anything), then allocates
 * `stepMiB` at a time and writes to every byte (untouched pages are never charged), pausing
 * `pauseMs` between steps (0: as fast as it can), until it holds `targetMiB` (`Infinity`: until
 * killed). It then prints `holding N` and sleeps. It never outlives the test: it exits when its
 * stdin closes and after `lifetimeMs` in any case.
 */
const HOG_SCRIPT = `
const [targetMiB, stepMiB, pauseMs, lifetimeMs] = process.argv.slice(1).map(Number);
const held = [];
let mib = 0;
const grow = () => {
  do {
    held.push(Buffer.allocUnsafeSlow(stepMiB * 1048576).fill(0x5a));
    mib += stepMiB;
  } while (pauseMs === 0 && mib < targetMiB);
  if (mib < targetMiB) setTimeout(grow, pauseMs);
  else process.stdout.write('holding ' + mib + '\\n');
};
process.stdin.once('data', grow);
process.stdin.on('end', () => process.exit(0));
setTimeout(() => process.exit(3), lifetimeMs);
process.stdout.write('ready\\n');
`;

export interface HogPlan {
  /** Stop growing once the hog has allocated this many MiB (Node's own ~7 MiB come on top); Infinity: grow until killed. */
  targetMiB: number;
  stepMiB?: number;
  pauseMs?: number;
  /** Written to /proc/<pid>/oom_score_adj before the hog starts allocating. */
  oomScoreAdj?: number;
}

export interface HogExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Hog {
  readonly pid: number;
  /** The kernel's name for it (/proc/<pid>/comm), read while it runs: what a kill line prints. */
  readonly comm: string;
  /** The lab cgroup it runs in, as the kernel prints the path. */
  readonly cgroupPath: string;
  /** Resolves when the process has exited and been reaped. */
  readonly exited: Promise<HogExit>;
  /** How it ended, once it has. */
  exit: HogExit | null;
  /** Lets it allocate. */
  start(): void;
  /** Resolves with the first stdout line matching `re`; rejects on exit or after `timeoutMs`. */
  waitForLine(re: RegExp, timeoutMs: number): Promise<string>;
}

/** A cgroup this lab created: its directory and its path as the kernel prints it. */
export interface LabCgroup {
  dir: string;
  path: string;
}

export interface CgroupLimits {
  /** memory.limit_in_bytes, e.g. `40M`. */
  limit?: string;
  /** memory.memsw.limit_in_bytes (memory + swap); must be at least the memory limit. */
  memswLimit?: string;
}

const HOG_LIFETIME_MS = 60_000;

/**
 * `sh -c` script run as `sh DIR ADJ node -e HOG …`: joins the cgroup DIR, writes ADJ (if any) to
 * /proc/<its pid>/oom_score_adj, then becomes the hog (same pid), so the hog is in its cgroup and
 * has its oom_score_adj before its first allocation.
 */
const JOIN_CGROUP_AND_EXEC = 'echo $$ > "$1/cgroup.procs" || exit 97; if [ -n "$2" ]; then echo "$2" > /proc/$$/oom_score_adj || exit 98; fi; shift 2; exec "$@"';

/** CAP_SYS_RESOURCE (bit 24 of CapEff): needed to lower an oom_score_adj below 0. */
export function canLowerOomScoreAdj(): boolean {
  const hex = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  return hex !== undefined && (BigInt(`0x${hex}`) & (1n << 24n)) !== 0n;
}

// ─── The lab: cgroups and hogs of one scenario, and their cleanup ─────────────────────────────

export class CgroupLab {
  /** Directories created, in creation order (a parent before its children). */
  private readonly created: string[] = [];
  private readonly hogs: { child: ChildProcess; hog: Hog }[] = [];
  private readonly ownPath: string;

  /** @param scenario a short name; the lab's top cgroup is `oom-triage-lab-<pid>-<scenario>`. */
  constructor(private readonly scenario: string) {
    const own = ownMemoryCgroup();
    if (own === null) throw new Error('no cgroup v1 memory controller in /proc/self/cgroup');
    this.ownPath = own;
  }

  /** The pids of every hog started, for selecting this scenario's lines from the kernel log. */
  get pids(): Set<number> {
    return new Set(this.hogs.map((h) => h.hog.pid));
  }

  /**
   * Creates a cgroup: `''` is the lab's top cgroup, `'a'` or `'a/b'` cgroups below it (parents
   * first), with `limits` set as by `setLimits`.
   */
  cgroup(relative: string, limits: CgroupLimits = {}): LabCgroup {
    const top = `oom-triage-lab-${process.pid}-${this.scenario}`;
    const path = [top, ...relative.split('/').filter((p) => p !== '')].reduce(childPath, this.ownPath);
    const dir = join(MEMORY_ROOT, path);
    mkdirSync(dir);
    this.created.push(dir);
    // Without this, a host with swap would page the hogs out instead of killing them (slowly).
    writeFileSync(join(dir, 'memory.swappiness'), '0');
    const cg = { dir, path };
    this.setLimits(cg, limits);
    return cg;
  }

  /** Sets limits of a cgroup this lab created: memory first, then memory+swap, the order the kernel requires. */
  setLimits(cg: LabCgroup, limits: CgroupLimits): void {
    if (!this.created.includes(cg.dir)) throw new Error(`${cg.dir} is not a cgroup of this lab`);
    if (limits.limit !== undefined) writeFileSync(join(cg.dir, 'memory.limit_in_bytes'), limits.limit);
    if (limits.memswLimit !== undefined) writeFileSync(join(cg.dir, 'memory.memsw.limit_in_bytes'), limits.memswLimit);
  }

  /**
   * Starts a hog inside `cg`: a shell joins the cgroup, sets its oom_score_adj (both inherited
   * across exec) and execs Node, so all of the hog's memory, Node's own included, is charged to
   * `cg` as it is for a service started in its cgroup. It allocates nothing until `start()`.
   */
  async spawnHog(cg: LabCgroup, plan: HogPlan): Promise<Hog> {
    if (!this.created.includes(cg.dir)) throw new Error(`${cg.dir} is not a cgroup of this lab`);
    const args = [plan.targetMiB, plan.stepMiB ?? 1, plan.pauseMs ?? 0, HOG_LIFETIME_MS].map(String);
    const child = spawn('sh', ['-c', JOIN_CGROUP_AND_EXEC, 'sh', cg.dir, plan.oomScoreAdj === undefined ? '' : String(plan.oomScoreAdj), process.execPath, '-e', HOG_SCRIPT, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const pid = child.pid;
    if (pid === undefined) throw new Error('could not start a memory hog (sh -c … node -e)');
    const exited = new Promise<HogExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    let stdout = '';
    let stderr = '';
    const listeners = new Set<() => void>();
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      for (const l of listeners) l();
    });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const hog = {
      pid,
      comm: '',
      cgroupPath: cg.path,
      exited,
      exit: null as HogExit | null,
      start: () => void child.stdin!.write('go\n'),
      waitForLine: (re: RegExp, timeoutMs: number) =>
        new Promise<string>((resolve, reject) => {
          const check = (): void => {
            const line = stdout.split('\n').find((l) => re.test(l));
            if (line !== undefined) done(() => resolve(line));
          };
          const done = (fn: () => void): void => {
            clearTimeout(timer);
            listeners.delete(check);
            fn();
          };
          const timer = setTimeout(() => done(() => reject(new Error(`hog ${pid} printed no ${re} within ${timeoutMs} ms (stdout ${JSON.stringify(stdout)}, stderr ${JSON.stringify(stderr)})`))), timeoutMs);
          listeners.add(check);
          void exited.then((e) => done(() => reject(new Error(`hog ${pid} exited (${e.signal ?? `code ${e.code}`}) before printing ${re}; stderr ${JSON.stringify(stderr.trim())}`))));
          check();
        }),
    };
    void exited.then((e) => (hog.exit = e));
    this.hogs.push({ child, hog });
    await hog.waitForLine(/^ready$/, 10_000);
    hog.comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    return hog;
  }

  /**
   * Waits until one of `hogs` is killed by SIGKILL (the OOM killer's signal) and returns it.
   * Fails with the cgroups' counters when none dies within `timeoutMs`, or when one exits otherwise.
   */
  async waitForOomKill(hogs: Hog[], timeoutMs = 15_000): Promise<Hog> {
    const first = await withTimeout(Promise.race(hogs.map((h) => h.exited.then(() => h))), timeoutMs);
    if (first === undefined) {
      const counters = this.created.map((d) => `${d}: usage ${readOr(join(d, 'memory.usage_in_bytes'))} limit ${readOr(join(d, 'memory.limit_in_bytes'))} failcnt ${readOr(join(d, 'memory.failcnt'))}`).join('; ');
      throw new Error(`no hog was killed within ${timeoutMs} ms (${counters})`);
    }
    if (first.exit?.signal !== 'SIGKILL') throw new Error(`hog ${first.pid} exited with ${first.exit?.signal ?? `code ${first.exit?.code}`}, not SIGKILL`);
    return first;
  }

  /**
   * Kills every hog still alive and waits for it to be reaped, then removes every cgroup this lab
   * created, deepest first (a cgroup with a child or a task cannot be removed; a task just killed
   * may linger a moment, hence the retries). Safe to call more than once.
   */
  async cleanup(): Promise<void> {
    for (const { child, hog } of this.hogs) if (hog.exit === null) child.kill('SIGKILL');
    await Promise.all(this.hogs.map(({ hog }) => withTimeout(hog.exited, 5_000)));
    const problems: string[] = [];
    for (const dir of [...this.created].sort((a, b) => b.split('/').length - a.split('/').length)) {
      for (let attempt = 0; ; attempt++) {
        try {
          rmdirSync(dir);
          break;
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') break;
          if (code === 'EBUSY' && attempt < 100) {
            await sleep(20);
            continue;
          }
          problems.push(`${dir}: ${String(err)}`);
          break;
        }
      }
    }
    this.created.length = 0;
    if (problems.length > 0) throw new Error(`could not remove lab cgroups: ${problems.join('; ')}`);
  }
}

function readOr(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '?';
  }
}

/** `promise`, or undefined after `ms`; the timer is cleared so it keeps no process alive. */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ─── The kernel's messages ─────────────────────────────────────────────────────────────────────

/** One /dev/kmsg record: `prio,seq,ts_usec,flags[,…];text` (continuation ` KEY=value` lines dropped). */
export interface KmsgRecord {
  seq: number;
  usec: number;
  text: string;
}

/**
 * Every record still in the kernel's ring buffer, oldest first. /dev/kmsg hands out one record per
 * read(2) and, opened non-blocking, fails with EAGAIN once it has none left; EPIPE means records
 * were overwritten while reading (the next read continues with the oldest one left).
 */
export function readKmsg(): KmsgRecord[] {
  const fd = openSync('/dev/kmsg', constants.O_RDONLY | constants.O_NONBLOCK);
  const buf = Buffer.alloc(64 * 1024);
  const out: KmsgRecord[] = [];
  try {
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') break;
        if (code === 'EPIPE') continue;
        throw err;
      }
      const rec = parseKmsgRecord(buf.toString('utf8', 0, n));
      if (rec !== null) out.push(rec);
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

function parseKmsgRecord(raw: string): KmsgRecord | null {
  const semi = raw.indexOf(';');
  if (semi < 0) return null;
  const [, seq, usec] = raw.slice(0, semi).split(',');
  const body = raw.slice(semi + 1).split('\n')[0] ?? '';
  // /dev/kmsg escapes control characters and backslashes as \xNN; dmesg prints them unescaped.
  const text = body.replace(/\\x([0-9a-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return { seq: Number(seq), usec: Number(usec), text };
}

/** The sequence number of the newest record: messages after it belong to what runs next. */
export function kmsgCursor(): number {
  return readKmsg().at(-1)?.seq ?? -1;
}

/** A record as plain `dmesg` prints it: `[%5lu.%06lu] text`. */
export function formatLikeDmesg(rec: KmsgRecord): string {
  const sec = Math.floor(rec.usec / 1e6);
  const usec = rec.usec % 1e6;
  return `[${String(sec).padStart(5, ' ')}.${String(usec).padStart(6, '0')}] ${rec.text}`;
}

/** The kernel's own text for one scenario, as `dmesg` and as `dmesg -T` print it. */
export interface CapturedKernelText {
  dmesg: string;
  dmesgT: string;
  /** How many `Killed process` lines name one of the lab's hogs. */
  kills: number;
}

const KILL_LINE = /Killed process (\d+) \(/;
const REAPER_LINE = /oom_reaper: reaped process (\d+) \(/;

/**
 * Picks this scenario's records among all records after `since`: each OOM dump (from its
 * `invoked oom-killer:` header to its `Killed process` line) whose kill names one of `pids`, and the
 * `oom_reaper` lines for them. Dumps of other processes' kills (other tests, other tenants) are
 * left out; the kernel serialises OOM kills (oom_lock), so two dumps never interleave.
 */
export function selectScenarioRecords(records: KmsgRecord[], pids: Set<number>): KmsgRecord[] {
  const keep = new Set<number>();
  let dumpStart = -1;
  records.forEach((rec, i) => {
    if (rec.text.includes(' invoked oom-killer: ')) dumpStart = i;
    const kill = KILL_LINE.exec(rec.text);
    if (kill !== null) {
      if (pids.has(Number(kill[1]))) for (let j = dumpStart >= 0 ? dumpStart : i; j <= i; j++) keep.add(j);
      dumpStart = -1;
    }
    const reaped = REAPER_LINE.exec(rec.text);
    if (reaped !== null && pids.has(Number(reaped[1]))) keep.add(i);
  });
  return records.filter((_, i) => keep.has(i));
}

/**
 * Waits for the kernel's kill line for `victimPid` (the kill message is printed after SIGKILL is
 * sent, so the victim can be reaped first), lets the oom_reaper report, then returns the scenario's
 * records exactly as `dmesg` and `dmesg -T` print them. The lines are taken from the two programs'
 * own output: each record is found in `dmesg` by its formatted text, and the `dmesg -T` line at the
 * same position must carry the same message.
 */
export async function captureKernelText(since: number, pids: Set<number>, victimPid: number, timeoutMs = 5_000): Promise<CapturedKernelText> {
  const deadline = Date.now() + timeoutMs;
  let records = readKmsg().filter((r) => r.seq > since);
  while (!records.some((r) => KILL_LINE.exec(r.text)?.[1] === String(victimPid))) {
    if (Date.now() > deadline) throw new Error(`the kernel printed no "Killed process ${victimPid}" line within ${timeoutMs} ms`);
    await sleep(50);
    records = readKmsg().filter((r) => r.seq > since);
  }
  await sleep(300); // the oom_reaper runs asynchronously and may still report the victim
  records = readKmsg().filter((r) => r.seq > since);
  const mine = selectScenarioRecords(records, pids);

  const plain = runDmesg([]);
  const withTime = runDmesg(['-T']);
  const plainLines: string[] = [];
  const timeLines: string[] = [];
  for (const rec of mine) {
    const expected = formatLikeDmesg(rec);
    const at = plain.lastIndexOf(expected);
    if (at < 0) throw new Error(`dmesg did not print the kernel record ${rec.seq} as ${JSON.stringify(expected)}`);
    const t = withTime[at];
    if (t === undefined || messageOf(t) !== rec.text) throw new Error(`dmesg -T line ${at} ${JSON.stringify(t)} is not record ${rec.seq} (${JSON.stringify(rec.text)}); the ring buffer moved between the two dmesg runs`);
    plainLines.push(plain[at]!);
    timeLines.push(t);
  }
  const kills = mine.filter((r) => {
    const m = KILL_LINE.exec(r.text);
    return m !== null && pids.has(Number(m[1]));
  }).length;
  return { dmesg: plainLines.join('\n') + '\n', dmesgT: timeLines.join('\n') + '\n', kills };
}

function runDmesg(args: string[]): string[] {
  const r = spawnSync('dmesg', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } });
  if (r.status !== 0) throw new Error(`dmesg ${args.join(' ')} failed: ${r.stderr || String(r.error)}`);
  return r.stdout.split('\n');
}

/** The message of a dmesg line: the text after its `[…] ` stamp. */
function messageOf(line: string): string {
  return line.replace(/^\[[^\]]*\] /, '');
}

/** What the kernel's kill line says, read by this helper alone (not by the analyser under test). */
export interface KernelKillLine {
  pid: number;
  comm: string;
  anonRssKb: number;
  /** `oom_score_adj:N` at the end of the line (4.19+), else null. */
  oomScoreAdj: number | null;
  line: string;
}

/** The `Killed process N (comm) … anon-rss:NkB …` lines of a captured text. */
export function kernelKillLines(text: string): KernelKillLine[] {
  const out: KernelKillLine[] = [];
  for (const line of text.split('\n')) {
    const m = /Killed process (\d+) \((.{1,15}?)\) total-vm:\d+kB, anon-rss:(\d+)kB/.exec(line);
    if (m === null) continue;
    const adj = /oom_score_adj:(-?\d+)\s*$/.exec(line);
    out.push({ pid: Number(m[1]), comm: m[2]!, anonRssKb: Number(m[3]), oomScoreAdj: adj !== null ? Number(adj[1]) : null, line });
  }
  return out;
}

// ─── Running the report's commands ─────────────────────────────────────────────────────────────

export interface CommandRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

let sudoShimDir: string | null = null;

/**
 * Runs a command as a user pasting it into a root shell would, with `sh -c`. When the host has no
 * sudo (a root container), a `sudo` that just runs its arguments stands in, since root needs none.
 */
export function runOnHost(command: string, timeoutMs = 10_000): CommandRun {
  let path = process.env['PATH'] ?? '';
  if (spawnSync('sh', ['-c', 'command -v sudo']).status !== 0) {
    if (sudoShimDir === null) {
      sudoShimDir = mkdtempSync(join(tmpdir(), 'oom-triage-sudo-'));
      writeFileSync(join(sudoShimDir, 'sudo'), '#!/bin/sh\nexec "$@"\n', { mode: 0o755 });
    }
    path = `${sudoShimDir}:${path}`;
  }
  const r = spawnSync('sh', ['-c', command], { encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, PATH: path } });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? '') };
}
