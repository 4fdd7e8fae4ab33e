/**
 * Analyses pasted text, and rasterises charts, on worker threads, so one worker process uses more
 * than one core: its main thread keeps doing the I/O of many jobs (BullMQ, Slack calls) while the
 * threads compute. Without it the analysis (~2 ms a paste), the PNG (10–25 ms a chart: resvg loads
 * the font and lays the text out each time) and the Web API client share one thread and cap a
 * worker process well below DESIGN §5's 200 analyses/s.
 *
 * Errors here are plain errors: a retry can help (isTransient), and the user reads the generic sentence.
 *
 * Threads start with the pool, are unref'd (they never keep a process alive), and a thread that
 * dies fails only the analyses it held (the job is retried) and is replaced.
 */
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Report } from '../analysis/report/report-schema.js';
import type { ThreadAnswer, ThreadRequest } from './analysis-thread.js';

export interface AnalysisPool {
  analyseText(text: string): Promise<Report>;
  /** A chart's SVG (src/render/chart) as PNG bytes; the buffer is moved from the thread, not copied. */
  renderPng(svg: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

interface Pending {
  resolve: (answer: ThreadAnswer) => void;
  reject: (err: Error) => void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
}

/** One thread per core beyond the main thread's, at least one. */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

// The thread module beside this one: .js from the build; .ts when run from the sources (tests,
// `node --import tsx`), where the thread registers tsx itself: Node 20 does not pass a main
// thread's --import loader hooks on to worker threads.
const FROM_SOURCES = extname(fileURLToPath(import.meta.url)) === '.ts';
const THREAD_URL = new URL(`./analysis-thread${FROM_SOURCES ? '.ts' : '.js'}`, import.meta.url);

function threadEntry(): URL {
  if (!FROM_SOURCES) return THREAD_URL;
  const code = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(THREAD_URL.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

export function createAnalysisPool(size = defaultPoolSize()): AnalysisPool {
  let nextId = 0;
  let closed = false;
  const threads: Thread[] = [];

  const start = (slot: number): void => {
    const worker = new Worker(threadEntry());
    worker.unref();
    const thread: Thread = { worker, pending: new Map() };
    worker.on('message', (message: ThreadAnswer) => {
      const waiting = thread.pending.get(message.id);
      thread.pending.delete(message.id);
      waiting?.resolve(message);
    });
    const fail = (err: Error) => {
      for (const waiting of thread.pending.values()) waiting.reject(err);
      thread.pending.clear();
      if (!closed && threads[slot] === thread) start(slot);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`analysis thread exited with code ${code}`)));
    threads[slot] = thread;
  };
  for (let i = 0; i < size; i++) start(i);

  const ask = (request: { kind: 'analyse'; text: string } | { kind: 'png'; svg: string }): Promise<ThreadAnswer> => {
    if (closed) return Promise.reject(new Error('the analysis pool is closed'));
    // The least busy thread: a long paste on one does not hold up the next job.
    const thread = threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = nextId++;
    return new Promise<ThreadAnswer>((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      thread.worker.postMessage({ ...request, id } satisfies ThreadRequest);
    });
  };

  return {
    async analyseText(text) {
      const answer = await ask({ kind: 'analyse', text });
      if ('report' in answer) return answer.report;
      throw new Error('error' in answer ? answer.error : 'the analysis thread answered something else');
    },
    async renderPng(svg) {
      const answer = await ask({ kind: 'png', svg });
      if ('png' in answer) return new Uint8Array(answer.png);
      throw new Error('error' in answer ? `chart not rendered: ${answer.error}` : 'the analysis thread answered something else');
    },
    async close() {
      closed = true;
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}
