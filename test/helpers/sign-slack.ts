/** Signs requests the way Slack does (v0 HMAC-SHA256 over "v0:<timestamp>:<body>"). */
import { createHmac } from 'node:crypto';

export function signSlack(secret: string, rawBody: string, ts = Math.floor(Date.now() / 1000)): Record<string, string> {
  const sig = 'v0=' + createHmac('sha256', secret).update(`v0:${ts}:${rawBody}`).digest('hex');
  return { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig };
}
