/**
 * Preloaded into every test file's process by `npm test` (instead of `--test-force-exit`): once the
 * file's tests are done, the process exits a second later even if something (a Redis client, a
 * server) still holds the event loop.
 *
 * Why not `--test-force-exit`: on Node 20 it exits as soon as the last test ends, and test events
 * still on their way to the parent can be lost — the parent then reports fewer tests than ran, with
 * no failure (nodejs/node#64833; one full run here silently dropped 13 public-log verdicts). The
 * second's grace lets them reach the parent first.
 *
 * Plain JavaScript: worker threads inherit `--import` flags but not tsx's loader, so a .ts preload
 * would stop the bot's analysis threads from starting.
 */
import { isMainThread } from 'node:worker_threads';

// Only in a test file's own process: the runner sets NODE_TEST_CONTEXT there and runs the file as
// the main script. Not in the parent runner, not in worker threads, not in bot processes a test
// starts (they may inherit the environment and the flags).
const testFile = /\.test\.[cm]?[jt]s$/.test(process.argv[1] ?? '');
if (process.env['NODE_TEST_CONTEXT'] && isMainThread && testFile) {
  const { after } = await import('node:test');
  after(() => {
    setTimeout(() => process.exit(), 1000).unref();
  });
}
