/** One OOM kill (or one group of kills with the same cause) → Block Kit sections. */
import type { OomEvent } from '../analysis/report-schema.js';
import { CAUSE_PHRASES, CAUSE_TITLES } from '../analysis/cause-phrases.js';
import { escapeCode, escapeMrkdwn, inlineCode } from './escape-mrkdwn.js';
import { fields, section, type Block } from './block-kit.js';
import { formatKb, formatPercent, padLeft, padRight, shareBar } from './format-size.js';

/** "test (pid 30211)" — for headers and sentences. */
export function victimLabel(e: OomEvent): string {
  return e.victim ? `${e.victim.comm} (pid ${e.victim.pid})` : 'unknown process';
}

export function eventHeadline(e: OomEvent): string {
  return `Killed: ${e.victim ? e.victim.comm : 'unknown process'} — ${CAUSE_TITLES[e.cause]}`;
}

export function eventFields(e: OomEvent): Block {
  const pairs: Array<[string, string]> = [];
  if (e.victim) {
    const v = e.victim;
    pairs.push(['Victim', `${inlineCode(v.comm)} pid ${v.pid}${v.oomScoreAdj !== null ? `, oom_score_adj ${v.oomScoreAdj}` : ''}`]);
    const rss = [`anon ${formatKb(v.anonRssKb)}`, `file ${formatKb(v.fileRssKb)}`, `shmem ${formatKb(v.shmemRssKb)}`];
    pairs.push(['RSS', `${rss.join('\n')}${v.totalVmKb !== null ? `\nvirtual ${formatKb(v.totalVmKb)}` : ''}`]);
  }
  if (e.memcg) {
    const m = e.memcg;
    const lines = [`usage ${formatKb(m.usageKb)}`, `limit ${formatKb(m.limitKb)}`];
    if (m.failcnt !== null) lines.push(`failcnt ${m.failcnt}`);
    if (m.taskPath) lines.push(`task in ${inlineCode(m.taskPath)}`);
    if (m.oomPath && m.oomPath !== m.taskPath) lines.push(`limit of ${inlineCode(m.oomPath)}`);
    pairs.push(['cgroup', lines.join('\n')]);
  }
  if (e.constraint) pairs.push(['Constraint', inlineCode(e.constraint)]);
  if (e.trigger) {
    const t = e.trigger;
    const bits = [`${inlineCode(t.comm)}${t.pid !== null ? ` pid ${t.pid}` : ''}`];
    if (t.order !== null) bits.push(`order=${t.order}`);
    if (t.gfpMask) bits.push(`gfp_mask=${escapeMrkdwn(t.gfpMask)}`);
    pairs.push(['Trigger', bits.join(', ')]);
  }
  if (e.time) pairs.push(['Time', escapeMrkdwn(e.time)]);
  if (e.host) pairs.push(['Host', escapeMrkdwn(e.host)]);
  if (e.kernelVersion) pairs.push(['Kernel', escapeMrkdwn(e.kernelVersion)]);
  if (e.factors.length > 0) pairs.push(['Also', e.factors.map((f) => f.replace(/_/g, ' ')).join(', ')]);
  return fields(pairs.length > 0 ? pairs : [['Victim', 'not in the log']]);
}

/** "Why" with the evidence lines quoted in a code block each. */
export function whySection(e: OomEvent, maxEvidence = 6): Block {
  const lines = [`*Why:* ${escapeMrkdwn(victimLabel(e))} was killed because ${CAUSE_PHRASES[e.cause]}.`];
  for (const ev of e.evidence.slice(0, maxEvidence)) {
    lines.push(`• ${escapeMrkdwn(ev.why)} _(line ${ev.line})_\n\`\`\`${escapeCode(ev.text.slice(0, 600))}\`\`\``);
  }
  if (e.evidence.length > maxEvidence) lines.push(`_…and ${e.evidence.length - maxEvidence} more evidence line(s)._`);
  return section(lines.join('\n'));
}

/** The task dump's largest tasks with their share of the dumped RSS. */
export function topTasksSection(e: OomEvent, max = 8): Block | null {
  if (e.topTasks.length === 0) return null;
  const rows = e.topTasks.slice(0, max).map((t) => {
    const name = padRight(t.comm, 16);
    return `${padLeft(String(t.pid), 7)}  ${name} ${padLeft(formatKb(t.rssKb).split(' (')[0]!, 10)}  ${shareBar(t.share)} ${padLeft(formatPercent(t.share), 4)}${t.oomScoreAdj !== null && t.oomScoreAdj !== 0 ? `  adj ${t.oomScoreAdj}` : ''}`;
  });
  const head = `${padLeft('pid', 7)}  ${padRight('name', 16)} ${padLeft('rss', 10)}  share`;
  return section(`*Memory breakdown* — largest tasks in the dump\n\`\`\`${escapeCode([head, ...rows].join('\n'))}\`\`\``);
}

export function eventBlocks(e: OomEvent): Block[] {
  const blocks = [eventFields(e), whySection(e)];
  const tasks = topTasksSection(e);
  if (tasks) blocks.push(tasks);
  return blocks;
}
