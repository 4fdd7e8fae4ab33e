/**
 * Worker-thread side of analysis-pool.ts: analyses one pasted text per message and answers with the
 * Report (structured clone). The same calls as gather-report.ts makes for a paste.
 */
import { parentPort } from 'node:worker_threads';
import { createAnalyzer } from '../analysis/analyze.js';

export interface ThreadRequest {
  id: number;
  text: string;
}

parentPort?.on('message', (request: ThreadRequest) => {
  const analyzer = createAnalyzer();
  if (request.text.trim() !== '') {
    analyzer.feed(request.text);
    analyzer.endSource();
  }
  parentPort?.postMessage({ id: request.id, report: analyzer.end() });
});
