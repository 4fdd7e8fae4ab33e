/**
 * The kernel OOM parser: a LineConsumer that reads every OOM report (dump + kill) in a log and
 * hands each kill to `onEvent` as a RawOomEvent, as soon as it is complete.
 *
 * Each host of an interleaved syslog gets its own state machine (oom-dump-machine.ts); lines with
 * no prefix at all (journald and pasted continuation lines) belong to the host of the line before.
 * Memory is bounded: at most MAX_OPEN_HOSTS machines, each holding one open dump whose lists are
 * capped; events are emitted, never collected here.
 */
import type { LineConsumer } from '../../stream/line-consumer.js';
import type { InputLine } from '../../input/input-line.js';
import type { RawOomEvent } from './raw-event.js';
import { classifyKernelLine } from './classify-kernel-line.js';
import { createDumpMachine, type DumpMachine } from './oom-dump-machine.js';

export interface OomParserOptions {
  onEvent(event: RawOomEvent): void;
}

/**
 * Byte strings that can begin an event (or must reach an open one). The driver pushes every line
 * while a dump is open, so only event-starting lines need to be here.
 */
export const OOM_KEYWORDS = [
  'invoked oom-killer', // dump_header, every era
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

  return {
    keywords: OOM_KEYWORDS,
    lookbehindLines: 1, // the SysRq line before an order=-1 header
    push(line: InputLine) {
      // Only the kernel's own lines: node-problem-detector, containerd and others quote kernel text.
      if (line.program != null && line.program !== 'kernel') return;
      try {
        const key = line.host ?? (line.format === 'plain' ? lastKey : '');
        lastKey = key;
        const machine = machineFor(key);
        machine.push(line, classifyKernelLine(line.body));
        if (++pushed % SWEEP_EVERY === 0) sweep(line.line);
        open = countOpen();
      } catch {
        // Never throw into the driver: a parser fault loses at most this line.
      }
    },
    wantsMore: () => open > 0,
    end() {
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
