/**
 * AfterKill (oom-dump-machine.ts): the kill was read and is held a few lines for what the kernel
 * prints after it: oom_reaper's report, the processes sharing the victim's memory (2.6.32–4.5),
 * and the other members of a memory.oom.group (4.19+), each member its own event.
 */
import type { InputLine } from '../../input/input-line.js';
import type { KernelLine } from './kernel-line-kinds.js';
import { MM_SHARERS_KEPT, type RawOomEvent } from './raw-event.js';
import { lineRef } from './fill-raw-event.js';
import type { DumpContext } from './dump-context.js';
import { AFTER_KILL_LINES, GROUP_KILL_SECONDS, MAX_PENDING_KILLS } from './dump-limits.js';
import { applyKilled, beginsAnotherOom, DONE, flushPending, restart, touch } from './dump-transitions.js';

export function readAfterKill(m: DumpContext, line: InputLine, k: KernelLine): boolean {
  switch (k.kind) {
    case 'reaper': {
      const victim = m.pending.find((p) => p.killed?.pid === k.pid);
      if (victim !== undefined) {
        const { kind: _kind, ...fields } = k;
        victim.reaper = { at: lineRef(line), ...fields };
        touch(m, victim, line);
      }
      return DONE;
    }
    case 'mmSharerKilled': {
      // 2.6.32–4.5: the victim's memory is shared with these processes; they die with it, in the same kill.
      const victim = m.pending[m.pending.length - 1];
      if (victim !== undefined) {
        victim.mmSharers.count++;
        if (victim.mmSharers.first.length < MM_SHARERS_KEPT) victim.mmSharers.first.push({ at: lineRef(line), pid: k.pid, comm: k.comm });
        touch(m, victim, line);
      }
      m.linesInState = 0;
      return DONE;
    }
    case 'oomGroup': {
      // 4.19+: printed after the first victim's kill line, before the other members' kill lines.
      const pass = { kills: m.pending.length };
      m.pending.forEach((p, i) => (p.oomGroup = { at: lineRef(line), path: k.path, member: i + 1, pass }));
      m.lastLine = line.line;
      return DONE;
    }
    case 'killed':
      return readGroupKill(m, line, k);
    default:
      if (beginsAnotherOom(k)) return restart(m);
      if (++m.linesInState > AFTER_KILL_LINES) flushPending(m);
      return DONE;
  }
}

/** Another kill line: the same kill printed again, the next member of a memory.oom.group, or a new OOM. */
function readGroupKill(m: DumpContext, line: InputLine, k: Extract<KernelLine, { kind: 'killed' }>): boolean {
  const base = m.groupBase;
  const apart = m.secondsApart(m.groupTime, line.time);
  if ((apart === null || apart <= GROUP_KILL_SECONDS) && m.pending.some((p) => p.killed?.pid === k.pid)) {
    // The same pid killed again at once: the kernel printed its kill line a second time (the
    // memory.oom.group pass walks the victim again; concurrent 2.6 OOM runs each kill it): one kill.
    m.lastLine = line.line;
    return DONE;
  }
  if (base === null || base.oomGroup === null || (apart !== null && apart > GROUP_KILL_SECONDS)) {
    return restart(m);
  }
  // memory.oom.group: one event per member, sharing the dump that selected the group.
  // It keeps the dump's kill-select line: the cause is the same OOM's (the verdict does not call a member a "child").
  const pass = base.oomGroup.pass;
  pass.kills++;
  const member: RawOomEvent = { ...base, oomGroup: { ...base.oomGroup, member: pass.kills }, reaper: null, mmSharers: { count: 0, first: [] }, issues: [...base.issues] };
  applyKilled(m, member, line, k);
  if (m.pending.length >= MAX_PENDING_KILLS) m.onEvent(m.pending.shift()!);
  m.pending.push(member);
  m.linesInState = 0;
  return DONE;
}
