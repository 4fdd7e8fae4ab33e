/**
 * Python servers and workers (gunicorn, uwsgi, celery, uvicorn): no heap to cap, so the advice is to
 * count workers against the limit. Recognised in containers only: a bare `python` process on a host
 * says too little about what to change.
 */
import type { KnownProgram } from './known-program.js';

export const PYTHON: KnownProgram = {
  id: 'python-workers-within-limit',
  image: /\b(?:python[\d.]*|gunicorn|uwsgi|celery|uvicorn)\b/,
  forContainer: (c) => ({
    title: 'Check the Python workers against the container limit',
    detail: 'Python has no heap cap: memory scales with the number of worker processes (gunicorn/uwsgi/celery) and what each request loads. Count workers × per-worker RSS against the limit.',
    commands: [c.execIn('ps -eo pid,rss,args --sort=-rss')],
  }),
};
