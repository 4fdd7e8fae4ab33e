/**
 * One input as a stream of byte chunks: a file or stdin, gunzipped when it starts with the gzip
 * magic bytes (1f 8b) whatever its name, so `kern.log.1.gz` and a piped `zcat`-less archive both work.
 * Nothing is held beyond the current chunk.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable, pipeline } from 'node:stream';
import { gunzipIfCompressed, isGzip } from '../io/gunzip-if-compressed.js';
import { CliError } from './cli-error.js';

/** Read size for files: large chunks let the analyser's keyword scan run on long stretches. */
const FILE_CHUNK_BYTES = 1024 * 1024;

export interface InputSource {
  /** The path as given, or "stdin". */
  name: string;
  /** Chunks of the (decompressed) input; throws CliError('unreadable_input') on a read failure. */
  chunks(): AsyncIterable<Buffer>;
}

export function fileSource(path: string): InputSource {
  return {
    name: path,
    chunks: () => readFile(path),
  };
}

/**
 * A plain file is read into one reused buffer (the analyser copies what it keeps), with no
 * allocation per chunk: on a 500 MB log that is a good part of the time and of the peak memory.
 * Synchronous reads are fine here: the CLI has nothing else to do meanwhile. A gzip file goes
 * through the stream path, because zlib holds on to its input chunks.
 */
async function* readFile(path: string): AsyncGenerator<Buffer> {
  const stream = await openFile(path);
  if (stream !== null) {
    yield* readable(path, Promise.resolve(stream));
    return;
  }
  const fd = openOrExplain(path);
  try {
    const buffer = Buffer.allocUnsafe(FILE_CHUNK_BYTES);
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buffer, 0, buffer.length, null);
      } catch (err) {
        throw unreadable(path, err);
      }
      if (n === 0) return;
      yield buffer.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

export function stdinSource(stdin: NodeJS.ReadableStream): InputSource {
  return { name: 'stdin', chunks: () => readable('stdin', Promise.resolve(stdin)) };
}

/** A stream for a gzip file (or anything not a regular file, such as a FIFO), null for a plain regular file. */
async function openFile(path: string): Promise<NodeJS.ReadableStream | null> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    throw unreadable(path, err);
  }
  if (info.isDirectory()) throw new CliError('unreadable_input', `cannot read ${path}: it is a directory`);
  if (info.isFile() && !startsWithGzipMagic(path)) return null;
  return createReadStream(path, { highWaterMark: FILE_CHUNK_BYTES });
}

function openOrExplain(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (err) {
    throw unreadable(path, err);
  }
}

function startsWithGzipMagic(path: string): boolean {
  const fd = openOrExplain(path);
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && isGzip(head);
  } catch (err) {
    throw unreadable(path, err);
  } finally {
    closeSync(fd);
  }
}

async function* readable(name: string, opening: Promise<NodeJS.ReadableStream>): AsyncGenerator<Buffer> {
  const stream = await opening;
  try {
    yield* gunzipIfCompressed(stream as AsyncIterable<Buffer | string>);
  } catch (err) {
    throw unreadable(name, err);
  }
}

/** One line a user can act on, from a file-system or zlib error. */
function unreadable(name: string, err: unknown): CliError {
  if (err instanceof CliError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const reason =
    code === 'ENOENT' ? 'no such file'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EISDIR' ? 'it is a directory'
    : code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || code === 'Z_NEED_DICT' ? `it looks gzip-compressed but is corrupt (${errorText(err)})`
    : errorText(err);
  return new CliError('unreadable_input', `cannot read ${name}: ${reason}`);
}

function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'unknown error';
}
