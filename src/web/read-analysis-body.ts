/**
 * POST /api/analyze's body → Report, streamed: the request is fed to the analyser chunk by chunk
 * (gunzipped when it starts with the gzip magic bytes), never held whole, and refused once the raw
 * or the decompressed bytes pass the cap. Nothing of the text is kept or logged.
 */
import type { IncomingMessage } from 'node:http';
import { gunzipIfCompressed } from '../io/gunzip-if-compressed.js';
import { createAnalyzer } from '../analysis/analyze.js';
import type { Report } from '../analysis/report/report-schema.js';
import { formatBytes } from '../analysis/units.js';

export type BodyOutcome =
  | { ok: true; report: Report }
  | { ok: false; status: 400 | 413; code: 'file_too_large' | 'unreadable_input'; message: string };

export function tooLarge(maxBytes: number, what: string): BodyOutcome {
  return {
    ok: false,
    status: 413,
    code: 'file_too_large',
    message: `${what} is larger than the ${formatBytes(maxBytes)} this page accepts (MAX_FILE_BYTES). Paste the part around the OOM kill, or run \`oom-triage analyze FILE\` on the whole log.`,
  };
}

class CapExceeded extends Error {}

export async function readAnalysisBody(req: IncomingMessage, maxBytes: number): Promise<BodyOutcome> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return tooLarge(maxBytes, 'This input');
  const analyzer = createAnalyzer();
  let raw = 0;
  let decoded = 0;
  const counted = async function* (): AsyncGenerator<Buffer> {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      raw += chunk.length;
      if (raw > maxBytes) throw new CapExceeded();
      yield chunk;
    }
  };
  try {
    for await (const chunk of gunzipIfCompressed(counted())) {
      decoded += chunk.length;
      // A gzip bomb stops at the same cap as a plain paste.
      if (decoded > maxBytes) throw new CapExceeded();
      analyzer.feed(chunk);
    }
    return { ok: true, report: analyzer.end() };
  } catch (err) {
    if (err instanceof CapExceeded) return tooLarge(maxBytes, raw > maxBytes ? 'This input' : 'This input, decompressed,');
    return { ok: false, status: 400, code: 'unreadable_input', message: 'The input could not be read (a damaged .gz file?).' };
  }
}
