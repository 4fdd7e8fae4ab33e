/**
 * A worker (ROLE=worker) as a real child process against a given Redis, queue prefix and fake Slack:
 * the worker a test kills. Its locks are short (SHORT_LOCKS) so a killed worker's job is taken over
 * within seconds, not after 30 s.
 */
import { startBotProcess, type BotProcess } from './bot-process.js';
import { workerEnv, type WorkerTarget } from './worker-runtime.js';

/** WORKER_LOCK_MS / WORKER_STALLED_CHECK_MS for every worker of a test that kills workers. */
export const SHORT_LOCKS = { WORKER_LOCK_MS: '2000', WORKER_STALLED_CHECK_MS: '1000' };

export function startWorkerProcess(target: WorkerTarget): Promise<BotProcess> {
  return startBotProcess({ ...workerEnv(target), WORKER_CONCURRENCY: '1', ...SHORT_LOCKS });
}
