/**
 * Several syslog records on one physical line: a blog or a chat client that replaced the newlines
 * between them with runs of spaces (`HOST1 kernel: Mem-Info:      HOST1 kernel: Node 0 DMA per-cpu:`).
 * A record of the same host and the `kernel` program inside the message of another starts a new
 * logical line, with its own prefix (and time, when it has one).
 *
 * Stateless and cheap: only a kernel line that names a host is searched, and only for ` kernel:`
 * (the kernel's own messages almost never hold it) before anything else is tried.
 */
import type { StrippedLine } from './stripped-line.js';

/** Syslog prefix words that may precede the host (`Jul 19 10:00:01`): at most three. */
const MAX_TIME_WORDS = 3;

/**
 * The records flattened into `head` (its message cut where each further record begins, each
 * further record stripped by `strip`), or null when it holds one.
 */
export function splitFlattenedRecords(head: StrippedLine, strip: (text: string) => StrippedLine): StrippedLine[] | null {
  const host = head.host;
  if (host === null || head.program !== 'kernel' || !head.body.includes(' kernel:')) return null;
  const body = head.body;
  const marker = ` ${host} kernel:`;
  const starts: number[] = [];
  for (let at = body.indexOf(marker); at !== -1; at = body.indexOf(marker, at + marker.length)) {
    const start = recordStart(body, at, host, strip);
    if (start > 0) starts.push(start);
  }
  if (starts.length === 0) return null;
  const pieces: StrippedLine[] = [{ ...head, body: body.slice(0, starts[0]).trimEnd() }];
  starts.forEach((start, i) => {
    const own = strip(body.slice(start, starts[i + 1] ?? body.length).trimEnd());
    pieces.push({ ...own, time: own.time ?? head.time });
  });
  return pieces;
}

/**
 * Where the record whose ` host kernel:` is at `at` begins: up to MAX_TIME_WORDS words earlier when
 * they read as its time, else at the host. -1 when no start reads as a record of this host.
 */
function recordStart(body: string, at: number, host: string, strip: (text: string) => StrippedLine): number {
  const candidates: number[] = [at + 1];
  let i = at;
  for (let n = 0; n < MAX_TIME_WORDS && i > 0; n++) {
    while (i > 0 && body.charCodeAt(i - 1) === 0x20) i--;
    while (i > 0 && body.charCodeAt(i - 1) !== 0x20) i--;
    if (i > 0) candidates.push(i);
  }
  // The earliest start that still reads as this host's kernel record keeps the time with it.
  for (let c = candidates.length - 1; c >= 0; c--) {
    const start = candidates[c]!;
    const own = strip(body.slice(start, at + 1 + host.length + ' kernel:'.length + 1));
    if (own.host === host && own.program === 'kernel' && (c === 0 || own.time !== null)) return start;
  }
  return -1;
}
