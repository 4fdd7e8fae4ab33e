/** Whether trying again later could help: the one test every worker step uses to choose retry or give up. */
import { UnrecoverableError } from 'bullmq';
import { WebAPIPlatformError } from '@slack/web-api';
import { TriageError } from '../errors.js';

/** Platform errors that a retry may fix; every other `ok:false` is permanent (not_in_channel, invalid_blocks…). */
const TRANSIENT_PLATFORM_ERRORS = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

export function isTransient(err: unknown): boolean {
  if (err instanceof UnrecoverableError) return false;
  if (err instanceof TriageError) return err.transient;
  if (err instanceof WebAPIPlatformError) return TRANSIENT_PLATFORM_ERRORS.has(err.data.error);
  // Network errors, timeouts, HTTP 5xx, 429 beyond the client's own waits, and anything unexpected.
  return true;
}
