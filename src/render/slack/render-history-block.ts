/**
 * "Has this happened before?" in the reply: one line per workload of the report whose earlier kills
 * the reader may see, e.g.
 *
 *   🔁 3rd OOM kill of `mysqld` in `/kubepods/…/cri-containerd-*.scope` in the last 7 days — previous:
 *   yesterday 14:02 (link), Mon 09:40 (link); the limit was 2 GiB each time.
 *   Usage at the kill grew 1.6 GiB → 1.9 GiB → 2 GiB.
 *
 * A first occurrence says nothing. Dates are Slack `<!date>` tokens, so each reader sees their own
 * time zone, and each is the link to the earlier analysis. Log text (program, cgroup, host) is escaped.
 */
import { formatKb } from '../../analysis/units.js';
import { escapeCode } from './escape-mrkdwn.js';
import { section, type Block } from './block-kit.js';

/** One earlier kill, as the reply names it. */
export interface EarlierKill {
  /** When it was analysed (unix ms). */
  at: number;
  permalink: string | null;
  limitKb: number | null;
  usageKb: number | null;
  rssKb: number | null;
}

/** A workload of this report and the earlier kills of it the reader may see. */
export interface WorkloadHistory {
  program: string;
  cgroup: string | null;
  /** A Kubernetes container's `namespace/kind/name`, shown in place of a cgroup. */
  workload?: string | null;
  host: string | null;
  current: Omit<EarlierKill, 'at' | 'permalink'>;
  /** Newest first; this report's own kills and repeats of this very kill left out. */
  earlier: EarlierKill[];
  /** This very kill (same host, pid and time) was analysed before: the first time. */
  analysedBefore: EarlierKill | null;
}

/** Links listed per workload; the rest are counted. */
const LINKS_SHOWN = 3;
/** Points of a trend shown (the latest). */
const TREND_POINTS = 5;
const DAY_MS = 24 * 3600 * 1000;

export function renderHistoryBlocks(workloads: WorkloadHistory[], now: number): Block[] {
  const lines = workloads.map((w) => historyLine(w, now)).filter((l): l is string => l !== null);
  return lines.length === 0 ? [] : [section(lines.join('\n'))];
}

function historyLine(w: WorkloadHistory, now: number): string | null {
  const parts: string[] = [];
  if (w.analysedBefore !== null) parts.push(`:information_source: This kill of ${code(w.program)} was analysed before: ${when(w.analysedBefore)}.`);
  if (w.earlier.length > 0) {
    const n = w.earlier.length + 1;
    const where = [w.workload ? ` in ${code(w.workload)}` : w.cgroup !== null && w.cgroup !== '/' ? ` in ${code(shortPath(w.cgroup))}` : '', w.host !== null ? ` on ${code(w.host)}` : ''].join('');
    const oldest = w.earlier[w.earlier.length - 1]!.at;
    const shown = w.earlier.slice(0, LINKS_SHOWN).map(when);
    const more = w.earlier.length - shown.length;
    const previous = `previous: ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
    const series = [...w.earlier].reverse().concat([{ at: now, permalink: null, ...w.current }]);
    const limit = limitPhrase(series.map((k) => k.limitKb));
    parts.push(`:repeat: *${ordinal(n)} OOM kill of ${code(w.program)}*${where} ${period(now - oldest)} — ${previous}${limit ? `; ${limit}` : ''}.`);
    const trend = trendPhrase(series, w.program);
    if (trend) parts.push(trend);
  }
  return parts.length > 0 ? parts.join('\n') : null;
}

/** "the limit was 2 GiB each time", "the limit went 1 GiB → 2 GiB", or null when a limit is unknown. */
function limitPhrase(limits: Array<number | null>): string | null {
  if (limits.some((l) => l === null)) return null;
  const steps = (limits as number[]).filter((l, i, all) => i === 0 || l !== all[i - 1]);
  return steps.length === 1 ? `the limit was ${formatKb(steps[0]!)} each time` : `the limit went ${steps.map(formatKb).join(' → ')}`;
}

/**
 * "Usage at the kill grew A → B → C" when the numbers say so: at least three kills, each at or
 * above the one before, the last clearly (≥ 5%) above the first. The cgroup's usage when known for
 * every kill, else the victim's resident memory.
 */
function trendPhrase(series: Array<Omit<EarlierKill, 'at' | 'permalink'>>, program: string): string | null {
  const growing = (values: Array<number | null>): number[] | null => {
    if (values.length < 3 || values.some((v) => v === null)) return null;
    const v = values as number[];
    const rising = v.every((x, i) => i === 0 || x >= v[i - 1]!) && v[v.length - 1]! >= v[0]! * 1.05;
    return rising ? v.slice(-TREND_POINTS) : null;
  };
  const usage = growing(series.map((k) => k.usageKb));
  if (usage) return `Usage at the kill grew ${usage.map(formatKb).join(' → ')}.`;
  const rss = growing(series.map((k) => k.rssKb));
  if (rss) return `${code(program)} held ${rss.map(formatKb).join(' → ')} when killed.`;
  return null;
}

function period(spanMs: number): string {
  if (spanMs <= DAY_MS) return 'in the last 24 hours';
  if (spanMs <= 7 * DAY_MS) return 'in the last 7 days';
  return `in the last ${Math.ceil(spanMs / DAY_MS)} days`;
}

/** A Slack date token in the reader's time zone, linking to the analysis when there is a safe link. */
export function when(k: Pick<EarlierKill, 'at' | 'permalink'>): string {
  const seconds = Math.floor(k.at / 1000);
  const fallback = `${new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const link = k.permalink !== null && /^https:\/\/[^\s<>|^]+$/.test(k.permalink) ? `^${k.permalink}` : '';
  return `<!date^${seconds}^{date_short_pretty} {time}${link}|${fallback}>`;
}

export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** Long paths keep their first and last segments: `/kubepods.slice/…/cri-containerd-*.scope`. */
export function shortPath(path: string, max = 60): string {
  if (path.length <= max) return path;
  const segments = path.split('/');
  const short = `/${segments[1] ?? ''}/…/${segments[segments.length - 1] ?? ''}`;
  return short.length < path.length ? short : path;
}

function code(text: string): string {
  return `\`${escapeCode(text)}\``;
}
