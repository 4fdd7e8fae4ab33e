/** Idle (oom-dump-machine.ts): no dump is open; only lines that can begin an event matter. */
import type { InputLine } from '../../input/input-line.js';
import type { KernelLine } from './kernel-line-kinds.js';
import { SLAB_FAILURES_KEPT } from './raw-event.js';
import { fillDumpLine, lineRef } from './fill-raw-event.js';
import type { DumpContext } from './dump-context.js';
import { applyKilled, DONE, emitDump, openDump, READ_AGAIN, rememberVictim, toAfterKill, toAwaitKilled, touch } from './dump-transitions.js';

export function readIdle(m: DumpContext, line: InputLine, k: KernelLine): boolean {
  switch (k.kind) {
    case 'header':
    case 'summary':
    case 'memcgLimitReached':
    case 'allocFailure': {
      const e = openDump(m, line, false);
      fillDumpLine(e, line, k);
      touch(m, e, line);
      m.state = 'InDump';
      return DONE;
    }
    case 'sysrq': {
      const e = openDump(m, line, false);
      e.sysrq = lineRef(line);
      touch(m, e, line);
      m.state = 'InDump';
      return DONE;
    }
    case 'killSelect':
      toAwaitKilled(m, openDump(m, line, true), line, k);
      return DONE;
    case 'killed': {
      const e = openDump(m, line, true);
      applyKilled(m, e, line, k);
      toAfterKill(m, e);
      return DONE;
    }
    case 'noKillable': {
      const e = openDump(m, line, false);
      e.noKillable = { at: lineRef(line), why: k.why };
      touch(m, e, line);
      emitDump(m);
      return DONE;
    }
    case 'taskIn':
    case 'usage':
    case 'memcgStats':
    case 'taskHeader':
    case 'memInfo':
      return startLate(m, line);
    case 'slubFailure':
      m.slabFailures = m.slabFailures.length < SLAB_FAILURES_KEPT ? [...m.slabFailures, { at: lineRef(line), cache: null, cgroup: null }] : m.slabFailures;
      m.slabLine = line.line;
      m.linesInState = 0;
      m.state = 'AfterSlabFailure';
      return DONE;
    case 'reaper':
    case 'reaperUnable':
      reaperOnly(m, line, k);
      return DONE;
    default:
      return DONE;
  }
}

/** A dump line that the kernel prints after the header: an excerpt that starts late opens its event here, and InDump reads the line. */
function startLate(m: DumpContext, line: InputLine): boolean {
  touch(m, openDump(m, line, false), line);
  m.state = 'InDump';
  return READ_AGAIN;
}

/**
 * An oom_reaper line with no kill line before it (a grep for `oom_reaper`, or an excerpt that
 * starts after the kill): the reaper works only on OOM victims, so it names one. A pid a kill
 * already named is the same victim (the reaper retries, and reaps each thread group once).
 */
function reaperOnly(m: DumpContext, line: InputLine, k: Extract<KernelLine, { kind: 'reaper' | 'reaperUnable' }>): void {
  if (k.pid === null || k.comm === null || m.recentVictims.includes(k.pid)) return;
  rememberVictim(m, k.pid);
  const e = openDump(m, line, false);
  e.reaper = { at: lineRef(line), pid: k.pid, comm: k.comm, anonRssKb: null, fileRssKb: null, shmemRssKb: null };
  touch(m, e, line);
  m.event = null;
  m.onEvent(e);
}
