/** Bolt's Logger interface over pino, so Bolt's own lines are JSON and redacted like ours. */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../logger.js';

export function boltLogger(log: Logger): BoltLogger {
  let child = log.child({ component: 'bolt' });
  const line = (msg: unknown[]): string => msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg: unknown[]) => child.debug(line(msg)),
    info: (...msg: unknown[]) => child.info(line(msg)),
    warn: (...msg: unknown[]) => child.warn(line(msg)),
    error: (...msg: unknown[]) => child.error(line(msg)),
    // The process-wide level comes from LOG_LEVEL; Bolt asking for another one is ignored.
    setLevel: () => undefined,
    getLevel: () => (child.level === 'debug' || child.level === 'trace' ? LogLevel.DEBUG : child.level === 'info' ? LogLevel.INFO : child.level === 'warn' ? LogLevel.WARN : LogLevel.ERROR),
    setName: (name: string) => {
      child = log.child({ component: name });
    },
  };
}
