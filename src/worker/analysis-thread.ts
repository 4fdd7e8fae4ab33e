/**
 * Worker-thread side of analysis-pool.ts: analyses one pasted text per message and answers with the
 * Report (structured clone). The same calls as gather-report.ts makes for a paste.
 */
import { parentPort } from 'node:worker_threads';
import { createAnalyzer, createScanPlans } from '../analysis/analyze.js';

export interface ThreadRequest {
  id: number;
  text: string;
}

/** This thread's keyword-scan plans, reused by every paste it analyses (planning costs about as much as a paste). */
const scanPlans = createScanPlans();

parentPort?.on('message', (request: ThreadRequest) => {
  const analyzer = createAnalyzer({ scanPlans });
  if (request.text.trim() !== '') {
    analyzer.feed(request.text);
    analyzer.endSource();
  }
  parentPort?.postMessage({ id: request.id, report: analyzer.end() });
});
