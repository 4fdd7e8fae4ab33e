/**
 * The bracketed stamps at the start of kernel lines: raw dmesg `[  123.456789] msg` (seconds since
 * boot, printk since 2.6.x with CONFIG_PRINTK_TIME), `dmesg -T` `[Thu Jul 18 15:03:59 2024] msg`
 * (util-linux 2.20+, localised names) and journalctl `-o short-monotonic`
 * `[ 1234.567890] host kernel: msg` (systemd 38+), which differs from raw dmesg by the
 * `host ident:` that follows the stamp.
 *
 * After a monotonic stamp, the printk caller id of kernels built with CONFIG_PRINTK_CALLER (4.18+,
 * commit 15ff2069cb7f "printk: Add caller information to printk() output"): `[  123.456][ T7791]`,
 * `[  599.515700][T23028]` (six characters, no padding), `[ C1]` for a CPU context; dmesg prints it
 * after a space. Android vendor kernels print seconds with an `s` and `[pid:N,cpuN,comm]` in the same
 * place (`<4>[63651.040008s][pid:2912,cpu3,sh]msg`). Both are skipped with the stamp.
 */
import { parseCtimeStamp } from './parse-log-time.js';
import { restAfter, type StrippedLine } from './stripped-line.js';

const MONOTONIC = /^\[ *(\d{1,10}\.\d{1,9})s?\]/;
/** The caller id after a monotonic stamp (TASK_COMM_LEN bounds a vendor comm). */
const CALLER_ID = /^ ?\[ *(?:[TC]\d{1,10}|pid:\d{1,10},cpu\d{1,5},[^\]]{0,16})\]/;
/** `host kernel:` or `host name[pid]:` after a short-monotonic stamp; a bare `name:` is dmesg text (`IPv6: …`). */
const JOURNAL_SOURCE = /^([^\s:[\]]{1,255}) (kernel|[\w.@-]{1,64}(?=\[))(?:\[\d{1,10}\])?:/;
/** A ctime stamp is at most ~40 characters even with long localised names. */
const MAX_CTIME_STAMP = 64;

export interface BracketStamp {
  kind: 'monotonic' | 'ctime';
  time: string;
  /** Index just after the closing bracket. */
  end: number;
}

/** The bracketed stamp at `from` in `text`, or null. */
export function readBracketStamp(text: string, from = 0): BracketStamp | null {
  if (text.charCodeAt(from) !== 0x5b /* [ */) return null;
  const head = text.slice(from, from + MAX_CTIME_STAMP + 2);
  if (digitAfterSpaces(head, 1)) {
    const mono = MONOTONIC.exec(head);
    if (mono !== null) {
      const end = from + mono[0].length;
      const caller = text.charCodeAt(end) === 0x5b || text.charCodeAt(end + 1) === 0x5b ? CALLER_ID.exec(text.slice(end, end + 40)) : null;
      return { kind: 'monotonic', time: mono[1]!, end: caller === null ? end : end + caller[0].length };
    }
  }
  const close = head.indexOf(']');
  if (close === -1 || close > MAX_CTIME_STAMP) return null;
  const time = parseCtimeStamp(head.slice(1, close));
  return time === null ? null : { kind: 'ctime', time, end: from + close + 1 };
}

/** True when text[at…] is optional spaces then a digit: the only way a monotonic stamp can go on. */
function digitAfterSpaces(text: string, at: number): boolean {
  let i = at;
  while (text.charCodeAt(i) === 0x20) i++;
  const c = text.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}

/** A line starting with a bracketed stamp, or null. */
export function stripBracketStamp(text: string): StrippedLine | null {
  const stamp = readBracketStamp(text);
  if (stamp === null) return null;
  const rest = restAfter(text, stamp.end);
  if (stamp.kind === 'ctime') return { format: 'dmesg-T', time: stamp.time, host: null, body: rest };
  const source = JOURNAL_SOURCE.exec(rest);
  if (source === null) return { format: 'dmesg', time: stamp.time, host: null, body: rest };
  return { format: 'journalctl', time: stamp.time, host: source[1]!, program: source[2]!, body: restAfter(rest, source[0].length) };
}
