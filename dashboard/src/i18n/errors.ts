import type { HttpErrorCode } from '../api/http';
import type { CommandErrorCode } from '../socket/commands';
import { type MessageKey, t } from './index';
import { fr } from './fr';

/** French text for an error code of a command or a REST call; `overrides` words it for the context. */
export function errorText(code: CommandErrorCode | HttpErrorCode, overrides: Partial<Record<string, MessageKey>> = {}): string {
  const key = overrides[code] ?? `error.${code}`;
  return t(key in fr ? (key as MessageKey) : 'error.http');
}
