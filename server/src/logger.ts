import pino from 'pino';

/** The process logger (JSON lines; pipe through pino-pretty to read them). */
export function createLogger(level: string) {
  return pino({ level, base: { service: 'besoin-daide' }, redact: ['req.headers.authorization', 'password', 'token'] });
}
