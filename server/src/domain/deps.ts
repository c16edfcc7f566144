import type { Logger as PinoLogger } from 'pino';

export type { Department } from '@besoin/shared';
/** The logger the domain writes to (pino's interface). */
export type Logger = Pick<PinoLogger, 'info' | 'warn' | 'error' | 'debug'>;
