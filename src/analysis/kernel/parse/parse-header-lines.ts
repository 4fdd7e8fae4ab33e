/**
 * The lines that open a dump and say who triggered it: `X invoked oom-killer: …` (every era),
 * the pre-5.0 `X cpuset=… mems_allowed=…` line, the dump_stack first line (`CPU: … PID: … Comm: …`
 * or the 2.6/3.x `Pid: N, comm: x …`), and the 5.0+ one-line `oom-kill:constraint=…` summary.
 */
import type { KernelLine } from './kernel-line-kinds.js';
import { toInt } from './read-dump-fields.js';

const INVOKED = ' invoked oom-killer:';
const ANONYMOUS = 'oom-killer: gfp_mask=';

/** Value of `key=` up to the next comma (or end), trimmed; null when the key is absent. */
function valueAfter(text: string, key: string): string | null {
  const at = text.indexOf(key);
  if (at === -1) return null;
  const from = at + key.length;
  const comma = text.indexOf(',', from);
  return text.slice(from, comma === -1 ? text.length : comma).trim();
}

/**
 * Header, all eras (mm/oom_kill.c dump_header):
 * - early 2.6: `%s invoked oom-killer: gfp_mask=0x%x, order=%d, oomkilladj=%d`
 * - 2.6.3x/3.x with oom_adj: `…, order=0, oom_adj=0, oom_score_adj=0`
 * - 3.x: `…, order=0, oom_score_adj=0`; 4.x adds `(GFP_…)` after the mask
 * - ~4.12: `…, nodemask=(null),  order=0, …` (two spaces); 4.19: `…, nodemask=0-1,3, order=0, …`
 * - 5.0+: nodemask moved to the `oom-kill:` summary.
 * A wrapped paste may end early (`order=0,`): missing fields stay null.
 */
export function parseHeader(body: string): KernelLine {
  const at = body.indexOf(INVOKED);
  // 2.6.1x (out_of_memory): `oom-killer: gfp_mask=0x%x, order=%d`, no task name.
  const anonymous = at === -1 && body.startsWith(ANONYMOUS);
  if (at <= 0 && !anonymous) return { kind: 'malformed', reason: 'an "invoked oom-killer" line without the task name before it' };
  const comm = anonymous ? null : body.slice(0, at);
  const rest = anonymous ? body.slice(ANONYMOUS.length - 'gfp_mask='.length) : body.slice(at + INVOKED.length);
  const gfp = valueAfter(rest, 'gfp_mask=');
  let gfpMask: string | null = gfp;
  let gfpFlags: string | null = null;
  if (gfp !== null) {
    const open = gfp.indexOf('(');
    if (open !== -1) {
      gfpMask = gfp.slice(0, open);
      gfpFlags = gfp.slice(open + 1, gfp.endsWith(')') ? gfp.length - 1 : gfp.length);
    }
  }
  let nodemask: string | null = null;
  const nodeAt = rest.indexOf('nodemask=');
  if (nodeAt !== -1) {
    // `%*pbl` may itself hold commas ("0-1,3"), so the value runs up to ", order=".
    const orderAt = rest.indexOf('order=', nodeAt);
    const end = orderAt === -1 ? rest.length : orderAt;
    nodemask = trimSeparators(rest.slice(nodeAt + 'nodemask='.length, end));
  }
  const order = toIntOrNull(valueAfter(rest, 'order='));
  // Two scales: oom_score_adj (-1000..1000) and the older oom_adj (-17..15), never one read as the other.
  const scoreAdj = valueAfter(rest, 'oom_score_adj=');
  const oldAdj = valueAfter(rest, 'oomkilladj=') ?? valueAfter(rest, ' oom_adj=');
  return {
    kind: 'header',
    header: { comm, gfpMask: gfpMask === '' ? null : gfpMask, gfpFlags, order, oomScoreAdj: toIntOrNull(scoreAdj), oomAdj: toIntOrNull(oldAdj), nodemask },
  };
}

const ALLOC_FAILURE = ': page allocation failure';

/**
 * The allocation-failure warning (mm/page_alloc.c warn_alloc, 4.x+): `%s: page allocation failure:
 * order:%u, mode:%#x(%pGg), nodemask=…`; 2.6/3.x `%s: page allocation failure. order:%d, mode:0x%x`.
 * The kernel prints a memory dump after it and does not run the OOM killer.
 */
export function parseAllocFailure(body: string): KernelLine {
  const at = body.indexOf(ALLOC_FAILURE);
  if (at <= 0) return { kind: 'other' };
  const rest = body.slice(at + ALLOC_FAILURE.length);
  const mode = valueAfter(rest, 'mode:');
  const open = mode === null ? -1 : mode.indexOf('(');
  const gfpMask = mode === null ? null : open === -1 ? mode : mode.slice(0, open);
  const gfpFlags = mode === null || open === -1 ? null : mode.slice(open + 1, mode.endsWith(')') ? mode.length - 1 : mode.length);
  return { kind: 'allocFailure', comm: body.slice(0, at), order: toIntOrNull(valueAfter(rest, 'order:')), gfpMask: gfpMask === '' ? null : gfpMask, gfpFlags };
}

/** Drops trailing commas and white space (a loop, not `/[\s,]+$/`, which is quadratic on long runs). */
function trimSeparators(text: string): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 0x2c || text.charCodeAt(end - 1) <= 0x20)) end--;
  return text.slice(0, end);
}

function toIntOrNull(text: string | null): number | null {
  return text === null ? null : toInt(text);
}

/** Pre-5.0 `%s cpuset=%s mems_allowed=%*pbl` (cpuset_print_task_mems_allowed). */
export function parseCpuset(body: string): KernelLine | null {
  const cpusetAt = body.indexOf(' cpuset=');
  const memsAt = body.lastIndexOf(' mems_allowed=');
  if (cpusetAt <= 0 || memsAt < cpusetAt) return null;
  return {
    kind: 'cpuset',
    comm: body.slice(0, cpusetAt),
    cpuset: body.slice(cpusetAt + ' cpuset='.length, memsAt),
    memsAllowed: body.slice(memsAt + ' mems_allowed='.length).trim(),
  };
}

/**
 * dump_stack's first line: `CPU: 1 PID: 29748 Comm: test Kdump: loaded Not tainted 4.19.91 #1`,
 * 6.11+ `CPU: 1 UID: 0 PID: … Comm: …` (d2917ff), `Tainted: G   OE  6.1.1-arch1-1 #1`, and the
 * 2.6/3.x form `Pid: 8911, comm: httpd Not tainted 2.6.32-279.1.1.el6.i686 #1`.
 */
export function parseStackHeader(body: string): KernelLine {
  const old = body.startsWith('Pid: ');
  const pidText = old ? body.slice(5, body.indexOf(',') === -1 ? 5 : body.indexOf(',')) : wordAfter(body, 'PID: ');
  const commKey = old ? ', comm: ' : ' Comm: ';
  const commAt = body.indexOf(commKey);
  let comm: string | null = null;
  let kernelVersion: string | null = null;
  const notTainted = body.indexOf(' Not tainted ');
  const tainted = body.indexOf(' Tainted: ');
  const taintAt = notTainted !== -1 ? notTainted : tainted;
  if (commAt !== -1) {
    const from = commAt + commKey.length;
    const kdump = body.indexOf(' Kdump: ', from);
    let end = taintAt === -1 ? body.length : taintAt;
    if (kdump !== -1 && kdump < end) end = kdump;
    comm = body.slice(from, end);
  }
  if (notTainted !== -1) {
    kernelVersion = body.slice(notTainted + ' Not tainted '.length).trim().split(/\s+/)[0] ?? null;
  } else if (tainted !== -1) {
    // Taint flags are letters and spaces; the version is the first word that starts with a digit.
    for (const w of body.slice(tainted + ' Tainted: '.length).split(/\s+/)) {
      if (w.length > 0 && w.charCodeAt(0) >= 0x30 && w.charCodeAt(0) <= 0x39) {
        kernelVersion = w;
        break;
      }
    }
  }
  const pid = pidText === null ? null : toInt(pidText.trim());
  if (pid === null && comm === null) return { kind: 'malformed', reason: 'a dump_stack "CPU:/Pid:" line whose PID and Comm could not be read' };
  return { kind: 'stackHeader', pid, comm, kernelVersion: kernelVersion === '' ? null : kernelVersion };
}

function wordAfter(text: string, key: string): string | null {
  const at = text.indexOf(key);
  if (at === -1) return null;
  const from = at + key.length;
  const sp = text.indexOf(' ', from);
  return text.slice(from, sp === -1 ? text.length : sp);
}

/**
 * 5.0+ (f0c867d9 / ef8444ea) `oom-kill:constraint=%s,nodemask=%*pbl[,cpuset=%s,mems_allowed=%*pbl]`
 * + `,oom_memcg=<path>` | `,global_oom` + `,task_memcg=<path>,task=%s,pid=%d,uid=%d`.
 * Read by the known `,key=` markers, not by splitting on commas: cgroup paths and comms are free
 * text. The tail keys are found from the end (a path cannot follow them), the head keys from the front.
 *
 * Two shapes seen in real logs: a vendor backport to 3.10 (RHEL 7 derivatives) prints the summary
 * with an empty constraint (`oom-kill:,cpuset=…,mems_allowed=…,oom_memcg=…,task_memcg=…,task=…`),
 * read with constraint `''`; and a line cut short (a paste, a log shipper's length limit) lacks
 * `,uid=`, the field the kernel always prints last: the value that runs to the cut may be partial
 * (`task_memcg=/kubepods/po`), so it is not taken.
 */
export function parseSummary(body: string): KernelLine {
  let start = body.indexOf('oom-kill:constraint=');
  if (start === -1) {
    const vendor = body.indexOf('oom-kill:,');
    if (vendor === -1) return { kind: 'malformed', reason: 'an "oom-kill:" line without constraint=' };
    start = vendor;
  }
  const text = body.slice(start + 'oom-kill:'.length);
  const uidAt = text.lastIndexOf(',uid=');
  const pidAt = text.lastIndexOf(',pid=', uidAt === -1 ? text.length : uidAt);
  const tailEnd = pidAt === -1 ? (uidAt === -1 ? text.length : uidAt) : pidAt;
  const taskAt = text.lastIndexOf(',task=', tailEnd);
  const taskMemcgAt = text.lastIndexOf(',task_memcg=', taskAt === -1 ? tailEnd : taskAt);
  const headEnd = [taskMemcgAt, taskAt, pidAt, uidAt].find((i) => i !== -1) ?? text.length;
  const head = text.slice(0, headEnd);
  /** The line is cut: whatever value runs to its end may be only the start of what the kernel printed. */
  const cut = uidAt === -1;

  const marks: { key: string; at: number }[] = [];
  // The vendor form has no `constraint=` key: its (empty) value ends where `,cpuset=` begins.
  if (head.startsWith(',')) marks.push({ key: 'constraint=', at: -'constraint='.length });
  let from = 0;
  for (const key of ['constraint=', ',nodemask=', ',cpuset=', ',mems_allowed=', ',oom_memcg=', ',global_oom']) {
    if (key === 'constraint=' && marks.length > 0) continue;
    const at = head.indexOf(key, from);
    if (at === -1) continue;
    marks.push({ key, at });
    from = at + key.length;
  }
  const headValue = (key: string): string | null => {
    const i = marks.findIndex((m) => m.key === key);
    if (i === -1) return null;
    const m = marks[i]!;
    const last = i + 1 >= marks.length;
    if (last && cut && headEnd === text.length && key !== ',global_oom') return null;
    const end = last ? head.length : marks[i + 1]!.at;
    return head.slice(m.at + key.length, end);
  };
  const tailValue = (at: number, key: string, end: number): string | null => {
    if (at === -1) return null;
    if (cut && end === text.length) return null;
    return text.slice(at + key.length, end);
  };
  const constraint = headValue('constraint=');
  if (constraint === null || (constraint === '' && !head.startsWith(','))) return { kind: 'malformed', reason: 'an "oom-kill:" line whose constraint could not be read' };
  return {
    kind: 'summary',
    summary: {
      constraint,
      nodemask: headValue(',nodemask='),
      cpuset: headValue(',cpuset='),
      memsAllowed: headValue(',mems_allowed='),
      oomMemcg: headValue(',oom_memcg='),
      globalOom: marks.some((m) => m.key === ',global_oom'),
      taskMemcg: tailValue(taskMemcgAt, ',task_memcg=', taskAt === -1 ? tailEnd : taskAt),
      task: tailValue(taskAt, ',task=', tailEnd),
      pid: toIntOrNull(tailValue(pidAt, ',pid=', uidAt === -1 ? text.length : uidAt)),
      uid: toIntOrNull(tailValue(uidAt, ',uid=', text.length)),
    },
  };
}
