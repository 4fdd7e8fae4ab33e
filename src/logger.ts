/** The process logger: pino, JSON lines, with every token and secret redacted. */
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Paths never written in clear: tokens, signing secrets, Authorization headers, at any of the depths we log. */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'slackBotToken',
  '*.slackBotToken',
  'slackAppToken',
  '*.slackAppToken',
  'slackSigningSecret',
  '*.slackSigningSecret',
  'signingSecret',
  '*.signingSecret',
  'appToken',
  '*.appToken',
  'authorization',
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'responseUrl',
  '*.responseUrl',
];

export function createLogger(
  level: string = 'info',
  destination?: pino.DestinationStream,
): Logger {
  const options = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'oom-triage' } };
  return destination ? pino(options, destination) : pino(options);
}
