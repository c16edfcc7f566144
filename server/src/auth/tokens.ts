import { createHash, randomBytes } from 'node:crypto';

/** A new unguessable token (256 bits, base64url). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The hash under which a token is stored; tokens themselves are never stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
