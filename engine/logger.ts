import { pino } from 'pino';
import type { LogLevel } from './config.js';

export type Logger = pino.Logger;

/** JSON lines on stdout; `LOG_LEVEL` decides how much. */
export function createLogger(level: LogLevel): Logger {
  return pino({ level, base: { service: 'kanceleja' }, timestamp: pino.stdTimeFunctions.isoTime });
}
