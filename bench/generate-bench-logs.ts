/**
 * Writes the bench's large logs, deterministically (seeded), in 4 MiB slices so generation itself
 * stays within a few tens of MB of memory:
 * - a mixed log: syslog traffic (kernel and daemons) and be.INFO traffic in alternating stretches,
 *   with a handful of full OOM dumps and Doris GC + summary blocks;
 * - a be.INFO: a busy Doris BE's INFO log with GC bursts, summaries, status lines and a cancel.
 * Ordinary lines come from a pool of a few thousand pre-made messages given a fresh time stamp
 * each (formatting every line from scratch made 500 MB take minutes on this machine).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { makeOomDump } from './make-oom-dump.js';
import { gcWithSummary, ordinaryDorisLine, statusLine } from './make-doris-lines.js';
import { seededRandom, type Random } from './seeded-random.js';

const MB = 1024 * 1024;
const SLICE = 4 * MB;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const HOST = 'doris-be-07';

/** A clock that moves a few milliseconds per line. */
function createClock(rnd: Random, start = Date.UTC(2024, 6, 18, 0, 0, 0)) {
  let now = start;
  return { tick: (): Date => new Date((now += rnd.int(0, 12))), peek: (): Date => new Date(now) };
}

function syslogPrefix(t: Date, program: string): string {
  const d = t.toISOString();
  return `${MONTHS[t.getUTCMonth()]} ${String(t.getUTCDate()).padStart(2)} ${d.slice(11, 19)} ${HOST} ${program}: `;
}

function uptime(t: Date): string {
  const s = (t.getTime() - Date.UTC(2024, 5, 1)) / 1000;
  return `[${s.toFixed(6).padStart(12)}]`;
}

function ordinarySyslogLine(rnd: Random, t: Date): string {
  const r = rnd.next();
  if (r < 0.22) return `${syslogPrefix(t, 'kernel')}${uptime(t)} IPVS: rr: TCP 10.96.${rnd.int(0, 255)}.${rnd.int(1, 254)}:${rnd.int(1024, 65535)} - no destination available`;
  if (r < 0.3) return `${syslogPrefix(t, 'kernel')}${uptime(t)} TCP: request_sock_TCP: Possible SYN flooding on port 9030. Sending cookies.  Check SNMP counters.`;
  if (r < 0.36) return `${syslogPrefix(t, 'kernel')}${uptime(t)} audit: type=1400 audit(${(t.getTime() / 1000).toFixed(3)}:${rnd.int(100, 9999)}): apparmor="DENIED" operation="open" profile="snap.lxd.daemon" name="/proc/${rnd.int(100, 99999)}/mounts" pid=${rnd.int(100, 99999)} comm="lxd" requested_mask="r" denied_mask="r" fsuid=0 ouid=0`;
  if (r < 0.5) return `${syslogPrefix(t, `sshd[${rnd.int(1000, 99999)}]`)}Accepted publickey for deploy from 10.0.${rnd.int(0, 255)}.${rnd.int(1, 254)} port ${rnd.int(1024, 65535)} ssh2: RSA SHA256:${rnd.int(0, 2 ** 31).toString(36)}Qx7bG2vJm0yTt1nE6lKpWzHq3cR`;
  if (r < 0.62) return `${syslogPrefix(t, 'systemd[1]')}Started Session ${rnd.int(1, 99999)} of user deploy.`;
  if (r < 0.72) return `${syslogPrefix(t, `CRON[${rnd.int(1000, 99999)}]`)}(root) CMD (/usr/lib/sysstat/debian-sa1 1 1)`;
  if (r < 0.9) return `${syslogPrefix(t, `containerd[${rnd.int(500, 900)}]`)}time="${t.toISOString()}" level=info msg="shim disconnected" id=${rnd.int(0, 2 ** 31).toString(16)}${rnd.int(0, 2 ** 31).toString(16)}${rnd.int(0, 2 ** 31).toString(16)} namespace=k8s.io`;
  return `${syslogPrefix(t, `kubelet[${rnd.int(500, 900)}]`)}I0718 ${t.toISOString().slice(11, 23)}   ${rnd.int(500, 900)} kubelet_getters.go:182] "Pod status updated" pod="kube-system/kube-proxy-${rnd.int(0, 2 ** 20).toString(36)}" status="Running"`;
}

const POOL = 8192;

/**
 * Ordinary lines, re-stamped: a glog line's first 25 characters are `I20240718 00:00:22.081123`,
 * a syslog line's first 16 `Jul 18 00:00:22 `; kernel lines also get a fresh `[uptime]`.
 */
function createLinePool(rnd: Random, make: (t: Date) => string) {
  const t0 = new Date(Date.UTC(2024, 6, 18));
  const pool = Array.from({ length: POOL }, () => {
    const line = make(t0);
    if (/^[IWEF]\d{8} /.test(line)) return { kind: 'glog' as const, sev: line[0]!, rest: line.slice(25), tail: '' };
    const k = line.indexOf('kernel: [');
    if (k !== -1) return { kind: 'kernel' as const, sev: '', rest: line.slice(16, k + 8), tail: line.slice(line.indexOf(']', k) + 1) };
    return { kind: 'syslog' as const, sev: '', rest: line.slice(16), tail: '' };
  });
  let second = -1;
  let glogDate = '';
  let syslogDate = '';
  return (t: Date): string => {
    const ms = t.getTime();
    const s = Math.floor(ms / 1000);
    if (s !== second) {
      second = s;
      const d = t.toISOString();
      glogDate = `${d.slice(0, 4)}${d.slice(5, 7)}${d.slice(8, 10)} ${d.slice(11, 19)}`;
      syslogDate = `${MONTHS[t.getUTCMonth()]} ${String(t.getUTCDate()).padStart(2)} ${d.slice(11, 19)} `;
    }
    const line = pool[rnd.int(0, POOL - 1)]!;
    if (line.kind === 'glog') return `${line.sev}${glogDate}.${String((ms % 1000) * 1000 + rnd.int(0, 999)).padStart(6, '0')}${line.rest}`;
    if (line.kind === 'kernel') return `${syslogDate}${line.rest}${uptime(t)}${line.tail}`;
    return `${syslogDate}${line.rest}`;
  };
}

interface Writer {
  push(line: string): void;
  readonly bytes: number;
  close(): void;
}

function createWriter(path: string): Writer {
  const fd = openSync(path, 'w');
  let parts: string[] = [];
  let pending = 0;
  let bytes = 0;
  const flush = (): void => {
    if (parts.length === 0) return;
    writeSync(fd, parts.join(''));
    parts = [];
    pending = 0;
  };
  return {
    push(line) {
      parts.push(line, '\n');
      pending += line.length + 1;
      bytes += line.length + 1;
      if (pending >= SLICE) flush();
    },
    get bytes() {
      return bytes;
    },
    close() {
      flush();
      closeSync(fd);
    },
  };
}

/** Events planted at fixed fractions of the file, so they are spread whatever the size. */
function plan(count: number, rnd: Random): number[] {
  return Array.from({ length: count }, (_, i) => (i + 0.5 + (rnd.next() - 0.5) * 0.5) / count).sort((a, b) => a - b);
}

export function generateMixedLog(path: string, sizeMb: number, seed = 20240718): void {
  const rnd = seededRandom(seed);
  const clock = createClock(rnd);
  const target = sizeMb * MB;
  const out = createWriter(path);
  const dumps = plan(5, rnd);
  const summaries = plan(20, rnd);
  const victims = ['java', 'mysqld', 'doris_be', 'python3', 'doris_be'];
  const dorisLine = createLinePool(rnd, (t) => ordinaryDorisLine(rnd, t));
  const syslogLine = createLinePool(rnd, (t) => ordinarySyslogLine(rnd, t));
  let inDoris = false;
  let stretch = 0;
  while (out.bytes < target) {
    const at = out.bytes / target;
    const t = clock.tick();
    if (dumps.length > 0 && at >= dumps[0]!) {
      dumps.shift();
      const comm = victims[4 - dumps.length]!;
      for (const line of makeOomDump(rnd, { prefix: () => `${syslogPrefix(t, 'kernel')}${uptime(t)} `, victim: { comm, pid: rnd.int(1000, 99999) } })) out.push(line);
      continue;
    }
    if (summaries.length > 0 && at >= summaries[0]!) {
      summaries.shift();
      // A GC burst: a few minor GCs, then a full one, each printing the summary block.
      for (let i = 0; i < 4; i++) for (const line of gcWithSummary(rnd, clock.tick(), i === 3, rnd.int(3, 12))) out.push(line);
      continue;
    }
    if (stretch-- <= 0) {
      inDoris = !inDoris;
      stretch = rnd.int(200, 3000);
    }
    if (inDoris) out.push(rnd.next() < 0.0005 ? statusLine(rnd, t, 40 + rnd.next() * 10) : dorisLine(t));
    else out.push(syslogLine(t));
  }
  out.close();
}

export function generateBeInfo(path: string, sizeMb: number, seed = 718): void {
  const rnd = seededRandom(seed);
  const clock = createClock(rnd);
  const target = sizeMb * MB;
  const out = createWriter(path);
  const bursts = plan(30, rnd);
  const dorisLine = createLinePool(rnd, (t) => ordinaryDorisLine(rnd, t));
  while (out.bytes < target) {
    const t = clock.tick();
    if (bursts.length > 0 && out.bytes / target >= bursts[0]!) {
      bursts.shift();
      for (let i = 0; i < 6; i++) for (const line of gcWithSummary(rnd, clock.tick(), i === 5, rnd.int(3, 15))) out.push(line);
      continue;
    }
    out.push(rnd.next() < 0.0005 ? statusLine(rnd, t, 40 + rnd.next() * 10) : dorisLine(t));
  }
  out.close();
}
