/**
 * The kernel OOM parser: a LineConsumer that reads every OOM report (dump + kill) in a log and
 * hands each kill to `onEvent` as a RawOomEvent, as soon as it is complete.
 *
 * Each host of an interleaved syslog gets its own state machine (oom-dump-machine.ts); lines with
 * no prefix at all (journald and pasted continuation lines) belong to the host of the line before.
 * Two repairs of pasted text happen here, before the machine sees a line: a record that a mail
 * client wrapped is held back for one line and joined to its continuation (wrapped-records.ts),
 * and kill records a mailer ran together on one line are read one by one (split-glued-records.ts).
 * Memory is bounded: at most MAX_OPEN_HOSTS machines, each holding one open dump whose lists are
 * capped; events are emitted, never collected here.
 */
import type { LineConsumer } from '../../stream/line-consumer.js';
import type { InputLine } from '../../input/input-line.js';
import type { RawOomEvent } from './raw-event.js';
import { classifyKernelLine } from './classify-kernel-line.js';
import { createDumpMachine, type DumpMachine } from './oom-dump-machine.js';
import type { KernelLine } from './kernel-line-kinds.js';
import { continuationText, continuesRecord, joinRecord, MAX_JOINED_LINES, openRecord, type OpenRecord } from './wrapped-records.js';
import { splitGluedRecords } from './split-glued-records.js';

export interface OomParserOptions {
  onEvent(event: RawOomEvent): void;
}

/**
 * Byte strings that can begin an event (or must reach an open one). The driver pushes every line
 * while a dump is open, so only event-starting lines need to be here.
 */
export const OOM_KEYWORDS = [
  // dump_header, every era (`X invoked oom-killer:`; 2.6.1x `oom-killer: gfp_mask=…`; a header wrapped before `oom-killer:`).
  'oom-killer:',
  // "Killed process" (every era, also after "Memory cgroup out of memory: " / "Out of memory: "),
  'illed process',
  // "Kill process" (kill-select, 2.6–5.0) and 2.6.2x's lowercase "kill process … or a child".
  'ill process',
  'oom-kill:', // 5.0+ summary, which grep'd excerpts keep without its header
  // Excerpts that start after the header: the dump lines that can open an event on their own.
  'as a result of limit', // v1 `Task in /a killed as a result of limit of /a` (2.6.29–5.x)
  'memory: usage', // memcg `memory: usage …, limit …, failcnt …`
  'tgid total_vm', // the task table's header row, every era since 2.6.2x
  'oom_reaper:', // names an OOM victim even when no kill line is in the text (4.6+)
  // A memory dump with no OOM line (SysRq m, an allocation-failure warning): show_mem's heading, every era.
  'Mem-Info:',
  'page allocation failure', // warn_alloc, which prints that dump: who failed to get what
  // slab_out_of_memory() (mm/slub.c, 3.x+): a cgroup's kmem limit shows here, before the page-fault OOM it causes.
  'SLUB: Unable',
] as const;
/*
 * Not keywords, because they only ever come inside an open dump (or right after its kill line):
 * "Memory limit reached of cgroup", "Out of memory and no killable processes", the panic_on_oom
 * panic. The SysRq line ("sysrq: Manual OOM execution") comes just before its
 * header and is reached through one line of lookbehind. Fewer keywords make the byte-level
 * search of large logs markedly faster (every keyword lowers the skip distance of common text).
 */

/** Hosts with an open dump at the same time; the least recently seen is closed beyond this. */
export const MAX_OPEN_HOSTS = 64;
/** How often (in lines pushed) the machines of silent hosts are checked for expiry. */
const SWEEP_EVERY = 256;

export function createOomParser(opts: OomParserOptions): LineConsumer & { end(): void } {
  const machines = new Map<string, DumpMachine>();
  let lastKey = '';
  let pushed = 0;
  let open = 0;

  const emit = (event: RawOomEvent): void => {
    try {
      // A kill line cut before its name ended is named from the rest of its dump, complete by now.
      if (event.killed != null && event.killed.nameCut != null) event.killed.comm = nameOfCutVictim(event, event.killed.pid, event.killed.nameCut);
      opts.onEvent(event);
    } catch {
      // The consumer's failure must not stop the parse; analyze.ts reports its own problems.
    }
  };

  /** The machine of the last line's host: consecutive lines nearly always share it, and it is already the most recent entry. */
  let recentKey: string | null = null;
  let recent: DumpMachine | null = null;

  const machineFor = (key: string): DumpMachine => {
    if (key === recentKey && recent !== null) return recent;
    recent = findMachine(key);
    recentKey = key;
    return recent;
  };

  const findMachine = (key: string): DumpMachine => {
    let m = machines.get(key);
    if (m !== undefined) {
      // Re-insert so the Map's order is least-recently-seen first.
      machines.delete(key);
      machines.set(key, m);
      return m;
    }
    m = createDumpMachine(emit);
    machines.set(key, m);
    while (machines.size > MAX_OPEN_HOSTS) {
      const oldest = machines.keys().next().value as string;
      machines.get(oldest)!.close();
      machines.delete(oldest);
    }
    return m;
  };

  const countOpen = (): number => {
    let n = 0;
    for (const m of machines.values()) if (m.state !== 'Idle') n++;
    return n;
  };

  const sweep = (lineNo: number): void => {
    for (const [key, m] of machines) {
      m.expire(lineNo);
      if (m.state === 'Idle' && key !== lastKey) {
        machines.delete(key);
        if (key === recentKey) recent = null;
      }
    }
  };

  /**
   * A record that may continue on the next line (wrapped-records.ts), held back for one line: if
   * the next line continues it, the two are joined and read as one; otherwise it is read as it is,
   * just before that next line. While a record is held, the parser wants the next line (it may hold
   * none of the keywords), so the driver hands it over.
   */
  let held: { key: string; line: InputLine; k: KernelLine; open: OpenRecord; joined: number } | null = null;
  /** Numeric columns of the last task-table header read (a wrapped row has fewer words). */
  let taskColumns = 0;

  const deliver = (key: string, line: InputLine, k: KernelLine, joined: number): void => {
    if (k.kind === 'taskHeader') taskColumns = k.columns.length;
    const machine = machineFor(key);
    machine.push(line, k);
    if (joined > 0) machine.addRejoined(joined);
  };

  const flushHeld = (): void => {
    if (held === null) return;
    const h = held;
    held = null;
    deliver(h.key, h.line, h.k, h.joined);
  };

  /** Reads one line (or one of the records glued on it) of host `key`. */
  const read = (key: string, line: InputLine, k: KernelLine): void => {
    if (held !== null) {
      const h = held;
      const next = line.format === 'plain' ? continuationText(h.open, h.line.body, line) : '';
      if (line.format === 'plain' && key === h.key && h.joined < MAX_JOINED_LINES && continuesRecord(h.open, h.line.body, next, k)) {
        const body = joinRecord(h.open, h.line.body, next);
        const joinedLine: InputLine = { ...h.line, body, raw: `${h.line.raw} ${line.raw.trim()}` };
        const joinedK = classifyKernelLine(body);
        const open = openRecord(joinedLine, joinedK, taskColumns);
        held = null;
        if (open !== null) held = { key, line: joinedLine, k: joinedK, open, joined: h.joined + 1 };
        else deliver(key, joinedLine, joinedK, h.joined + 1);
        return;
      }
      flushHeld();
    }
    const open = openRecord(line, k, taskColumns);
    if (open !== null) held = { key, line, k, open, joined: 0 };
    else deliver(key, line, k, 0);
  };

  return {
    keywords: OOM_KEYWORDS,
    lookbehindLines: 1, // the SysRq line before an order=-1 header; a stamp alone before its wrapped record
    push(line: InputLine) {
      // Only the kernel's own lines: node-problem-detector, containerd and others quote kernel text.
      if (line.program != null && line.program !== 'kernel') return;
      try {
        const key = line.host ?? (line.format === 'plain' ? lastKey : '');
        lastKey = key;
        const k = classifyKernelLine(line.body);
        const glued = k.kind === 'killed' || k.kind === 'killSelect' ? splitGluedRecords(line.body) : null;
        if (glued === null) read(key, line, k);
        else for (const body of glued) read(key, { ...line, body }, classifyKernelLine(body));
        if (++pushed % SWEEP_EVERY === 0) sweep(line.line);
        open = countOpen();
      } catch {
        // Never throw into the driver: a parser fault loses at most this line.
      }
    },
    wantsMore: () => open > 0 || held !== null,
    end() {
      try {
        flushHeld();
      } catch {
        // See push.
      }
      for (const m of machines.values()) {
        try {
          m.close();
        } catch {
          // See push.
        }
      }
      machines.clear();
      recent = null;
      open = 0;
    },
  };
}

/**
 * The name of a victim whose kill line was cut before its name ended: the kill-select line or the
 * oom-kill: summary of the same pid, else its task-table row; else the start of the name as cut
 * (`dhcl…`), else `?`. Never more than the log shows.
 */
function nameOfCutVictim(e: RawOomEvent, pid: number, cut: string): string {
  if (e.killSelect !== null && e.killSelect.pid === pid) return e.killSelect.comm;
  if (e.summary !== null && e.summary.pid === pid && e.summary.task !== null && e.summary.task !== '') return e.summary.task;
  const row = e.taskTable?.tasks.find((t) => t.pid === pid);
  if (row !== undefined) return row.name;
  return cut !== '' ? `${cut}…` : '?';
}
