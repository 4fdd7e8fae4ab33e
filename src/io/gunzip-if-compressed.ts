/**
 * One gzip reader for every input (CLI files and stdin, Slack uploads, the web page): gzip is
 * recognised by its magic bytes, never by a file name, and inflated as a stream.
 */
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** True when the bytes start with the gzip magic (1f 8b). */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * The chunks as they are, or inflated when they start with the gzip magic. A corrupt gzip stream
 * throws zlib's error (its `code` says which: Z_DATA_ERROR, Z_BUF_ERROR…) from the loop.
 */
export async function* gunzipIfCompressed(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<Buffer> {
  const it = chunks[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  while (head.length < 2) {
    const next = await it.next();
    if (next.done) {
      if (head.length > 0) yield head;
      return;
    }
    head = Buffer.concat([head, toBuffer(next.value)]);
  }
  const all = async function* (): AsyncGenerator<Buffer> {
    yield head;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield toBuffer(next.value);
    }
  };
  if (!isGzip(head)) {
    yield* all();
    return;
  }
  // pipeline() destroys the gunzip stream with the source's or zlib's error, so the loop below throws it.
  const gunzip = pipeline(Readable.from(all()), createGunzip({ chunkSize: 256 * 1024 }), () => undefined);
  for await (const chunk of gunzip) yield toBuffer(chunk as Buffer | string);
}

function toBuffer(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
