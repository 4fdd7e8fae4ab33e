/**
 * The Apache Doris be.INFO reader: a line-driven state machine that keeps, in bounded
 * memory, what the OOM-killer playbook (seeds 000 and 002, reference/doris-memory-logs.md) needs:
 * summary blocks (thinned, see candidate-store.ts), status lines, GC starts per second, memory
 * cancels and their ends, start-ups, and the times of doris_be kills seen in the same input.
 * `finish` picks the summary before the kill and builds the report (build-doris-report.ts).
 *
 * States:
 * - `idle`: single lines; a glog line is remembered as the possible header of a block.
 * - `summary`: after `Process Memory Summary:` (its own line after a glog line with an empty message,
 *   2.0–3.0; or after a message such as `Allocator mem tracker check failed, …` for the
 *   single-tracker variant §3e): expects the indented status line, then `Memory Tracker Summary:`.
 * - `rows`: tracker rows (§3a–3c, and §3e where the first row follows `Memory Tracker Summary:` on
 *   the same line); a `Memory Tracker Summary:` line with no process part before it opens a block
 *   here directly. 1.2's `Alloc Stacktrace:` lines between the two parts are skipped.
 * - `profile`: the "Memory Profile" shape (§3d, `Process Memory Summary: os physical memory …` on the
 *   glog line, then RuntimeProfile rows), and the newer §3e (`Process Memory Summary: os …` on a
 *   continuation line, then a tracker profile).
 * A block ends at the next glog line, at any line with another recognised prefix, at a gap in the
 * line numbers, or after too many lines it cannot read.
 */
import type { LineConsumer } from '../../stream/line-consumer.js';
import type { InputLine } from '../../input/input-line.js';
import { parseGlogPrefix } from '../../input/parse-glog-prefix.js';
import { parseStatusLine, type ProcessStatus } from './parse-status-line.js';
import { isTrackerRow } from './parse-tracker-row.js';
import { parseProfileRow } from './parse-profile-row.js';
import { classifyEventLine } from './classify-event-line.js';
import { createBlockBuilder, type BlockBuilder, type LineRef, type SummaryCandidate } from './summary-block.js';
import { createCandidateStore } from './candidate-store.js';
import { createGcHistogram } from './gc-histogram.js';
import { createCancelLog } from './cancel-log.js';
import { taskEndKeywords } from './task-end-keywords.js';
import { parseLogTime, formatLogTime } from '../../input/doris-log-time.js';
import { buildDorisReport, type BeInfoFacts, type DorisVerdict, type StartupInfo, type StatusSeen } from '../report/build-doris-report.js';

export interface DorisFinishOptions {
  /** Times (ISO, as on InputLine.time) of doris_be kills found in the kernel log of the same input. */
  killTimes: string[];
  /** `--kill-time` from the user; wins over killTimes. */
  killTimeOverride: string | null;
}

export interface DorisParserOptions {
  /** `--kill-time`, when known before reading: the summary before it is then kept exactly. Default none. */
  killTime?: string | null;
}

/** Lines a block may run on without a readable row before it is taken as ended (a malformed paste). */
const MAX_UNREADABLE = 20;
/** Lines in one block (a real one has ≈ 30–60; the §3d profile ≈ 100). */
const MAX_BLOCK_LINES = 2000;
const TEXT_CAP = 500;
const MAX_STARTUPS = 8;

type State =
  | { name: 'idle' }
  | { name: 'summary' | 'rows' | 'profile'; block: BlockBuilder; lines: number; unreadable: number };

interface GlogSeen {
  line: number;
  time: string | null;
  message: string;
  text: string;
}

const ref = (line: InputLine): LineRef => ({ line: line.line, text: line.raw.length > TEXT_CAP ? line.raw.slice(0, TEXT_CAP) : line.raw });

export function createDorisParser(options: DorisParserOptions = {}): LineConsumer & { finish(opts: DorisFinishOptions): DorisVerdict | null } {
  const summaries = createCandidateStore<SummaryCandidate>();
  const taskSummaries = createCandidateStore<SummaryCandidate>();
  const statuses = createCandidateStore<StatusSeen>();
  const gcs = createGcHistogram();
  const cancels = createCancelLog();
  const startups: StartupInfo[] = [];
  const killsSeen: string[] = [];
  let sawDoris = false;
  let state: State = { name: 'idle' };
  let lastGlog: GlogSeen | null = null;
  let lastLine = 0;
  /**
   * Time of the last glog line pushed: without a kill, cancels are listed up to it. On a large
   * input only the lines holding a keyword are pushed, so this is the last memory-related line.
   */
  let lastTime: string | null = null;
  /** The end lines asked for (see task-end-keywords.ts), rebuilt when the tasks awaited change. */
  let endKeywords: readonly string[] = [];
  let endKeywordsVersion = 0;

  const pinKill = (time: string): void => {
    summaries.pin(time);
    taskSummaries.pin(time);
    statuses.pin(time);
  };
  if (options.killTime) {
    const t = parseLogTime(options.killTime);
    if (t !== null) pinKill(formatLogTime(t));
  }

  const closeBlock = (): void => {
    if (state.name === 'idle') return;
    const summary = state.block.finish();
    state = { name: 'idle' };
    sawDoris = true;
    (summary.kind === 'process' ? summaries : taskSummaries).add(summary);
    if (summary.status !== null && summary.statusAt !== null) {
      statuses.add({ time: summary.time, line: summary.statusAt.line, status: summary.status, at: summary.statusAt });
    }
  };

  const openBlock = (name: 'summary' | 'profile', header: { time: string | null; at: LineRef }, status: ProcessStatus | null, statusAt: LineRef): void => {
    const block = createBlockBuilder(header);
    if (status !== null) block.setStatus(status, statusAt);
    state = { name, block, lines: 0, unreadable: 0 };
  };

  /** The glog line just before `line`, as the header of a block starting on `line`. */
  const headerFor = (line: InputLine): { time: string | null; at: LineRef } =>
    lastGlog !== null && lastGlog.line === line.line - 1
      ? { time: lastGlog.time, at: { line: lastGlog.line, text: lastGlog.text } }
      : { time: null, at: ref(line) };

  /** `Memory Tracker Summary:` (§3e puts the first row on the same line). */
  const startRows = (line: InputLine, trimmed: string): void => {
    if (state.name === 'idle') return;
    const rest = trimmed.slice('Memory Tracker Summary:'.length);
    if (rest.trim().length > 0 && isTrackerRow(rest)) state.block.addRowText(rest, line.line, line.raw);
    state = { ...state, name: 'rows' };
  };

  const continueBlock = (line: InputLine): void => {
    if (state.name === 'idle') return;
    state.lines++;
    const body = line.body;
    const trimmed = body.trim();
    let readable = false;
    switch (state.name) {
      case 'summary': {
        const status =
          trimmed.startsWith('os physical memory ') || trimmed.startsWith('OS physical memory ') || trimmed.startsWith('process memory used ')
            ? parseStatusLine(trimmed)
            : null;
        if (status !== null) {
          state.block.setStatus(status, ref(line));
          readable = true;
        } else if (trimmed.startsWith('Memory Tracker Summary:')) {
          startRows(line, trimmed);
          readable = true;
        } else if (trimmed === 'Alloc Stacktrace:' || trimmed.startsWith('@ ') || trimmed.length === 0) {
          // 1.2 prints the allocation's stack and a blank line between the two parts (reference §3c).
          readable = true;
        } else {
          const row = parseProfileRow(body);
          if (row !== null) {
            state.block.addProfileRow(row, ref(line));
            state = { ...state, name: 'profile' };
            readable = true;
          }
        }
        break;
      }
      case 'rows': {
        if (isTrackerRow(trimmed)) {
          state.block.addRowText(trimmed, line.line, line.raw);
          readable = true;
        }
        break;
      }
      case 'profile': {
        if (trimmed.startsWith('Memory Tracker Summary:')) {
          startRows(line, trimmed);
          readable = true;
          break;
        }
        const row = parseProfileRow(body);
        if (row !== null) {
          state.block.addProfileRow(row, ref(line));
          readable = true;
        } else if (trimmed.length === 0) {
          readable = true; // RuntimeProfile sections are separated by "\n" (memory_profile.cpp)
        }
        break;
      }
    }
    state.unreadable = readable ? 0 : state.unreadable + 1;
    if (state.unreadable > MAX_UNREADABLE || state.lines > MAX_BLOCK_LINES) closeBlock();
  };

  const handleEvent = (line: InputLine, time: string | null, body: string): void => {
    const event = classifyEventLine(body);
    if (event === null) {
      const status = body.includes('os physical memory ') ? parseStatusLine(body) : null;
      if (status !== null) {
        sawDoris = true;
        statuses.add({ time, line: line.line, status, at: ref(line) });
      }
      return;
    }
    switch (event.kind) {
      case 'gc-start':
        sawDoris = true;
        gcs.add(event.gc, time, ref(line));
        return;
      case 'cancel':
        sawDoris = true;
        cancels.cancel(event.task, event.key, event.consumptionBytes, time, ref(line));
        return;
      case 'task-end':
        // Most queries end without having been cancelled: nothing to record for them.
        if (cancels.awaitsEnd(event.key)) cancels.end(event.key, time, ref(line));
        return;
      case 'cancel-pending':
        sawDoris = true;
        cancels.pending(event.count, time, ref(line));
        return;
      case 'startup':
        sawDoris = true;
        summaries.markRestart();
        taskSummaries.markRestart();
        statuses.markRestart();
        startups.push({ time, at: ref(line), physicalBytes: event.physicalBytes, limitBytes: event.limitBytes, memLimitConfig: event.memLimitConfig });
        if (startups.length > MAX_STARTUPS) startups.shift();
        return;
      case 'kill': {
        const t = parseLogTime(line.time);
        if (t === null) return;
        const iso = formatLogTime(t);
        if (!killsSeen.includes(iso)) {
          killsSeen.push(iso);
          if (killsSeen.length > 64) killsSeen.shift();
        }
        pinKill(iso);
        return;
      }
    }
  };

  return {
    keywords: [
      'Process Memory Summary',
      'Memory Tracker Summary',
      '[MemoryGC] start ',
      'os physical memory ',
      'tasks is being canceled',
      'cancel top memory ',
      ' canceled asyn',
      'Physical Memory: ',
      'Killed process',
    ],
    // The block's glog line (empty message) is the line before `Process Memory Summary:`.
    lookbehindLines: 1,
    push(line) {
      const gap = line.line !== lastLine && line.line !== lastLine + 1;
      lastLine = line.line;
      let glog: GlogSeen | null = null;
      if (line.format === 'doris-be') {
        glog = { line: line.line, time: line.time, message: line.body, text: line.raw };
      } else if (line.format === 'plain') {
        // Until (or unless) the input layer recognises glog lines, read the prefix here.
        const g = parseGlogPrefix(line.raw);
        if (g !== null) glog = { line: line.line, time: g.time, message: g.message.trimEnd(), text: line.raw };
      }
      if (state.name !== 'idle') {
        if (glog === null && line.format === 'plain' && !gap) {
          continueBlock(line);
          return;
        }
        closeBlock();
      }
      if (glog !== null) {
        lastGlog = glog;
        if (glog.time !== null) lastTime = glog.time;
        const message = glog.message;
        if (message.startsWith('Process Memory Summary: ')) {
          // §3d: the status text is on the glog line itself.
          const status = parseStatusLine(message);
          if (status !== null) openBlock('profile', { time: glog.time, at: ref(line) }, status, ref(line));
          return;
        }
        handleEvent(line, glog.time, message);
        return;
      }
      const trimmed = line.body.trim();
      if (trimmed === 'Process Memory Summary:') {
        openBlock('summary', headerFor(line), null, ref(line));
        return;
      }
      if (trimmed.startsWith('Memory Tracker Summary:')) {
        // A tracker block pasted (or printed, 2.1.0 issue pastes) without its process part.
        openBlock('summary', headerFor(line), null, ref(line));
        startRows(line, trimmed);
        return;
      }
      if (trimmed.startsWith('Process Memory Summary: ')) {
        // Newer §3e (`Process Memory Summary: os physical memory …` then a profile); the §3f
        // look-alike (`Process Memory Summary: process memory used …, all workload groups …`) has
        // no `os physical memory` and is not a summary.
        const status = trimmed.includes('os physical memory ') ? parseStatusLine(trimmed) : null;
        if (status !== null) openBlock('profile', headerFor(line), status, ref(line));
        return;
      }
      handleEvent(line, line.time, line.body);
    },
    wantsMore: () => state.name !== 'idle',
    dynamicKeywords() {
      if (cancels.version !== endKeywordsVersion) {
        endKeywordsVersion = cancels.version;
        endKeywords = taskEndKeywords(cancels.awaiting(), cancels.awaitingCount);
      }
      return endKeywords;
    },
    finish(opts) {
      closeBlock();
      if (!sawDoris) return null;
      const facts: BeInfoFacts = { summaries, taskSummaries, statuses, gcs, cancels: [...cancels.records], pendings: cancels.pendings, startups, killsSeen, lastTime };
      return buildDorisReport(facts, opts);
    },
  };
}
