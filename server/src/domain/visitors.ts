import { randomUUID } from 'node:crypto';
import { hashToken, newToken } from '../auth/tokens';
import type { Store, VisitorRecord } from '../store/store';
import type { Clock } from './clock';

/** Visitor identities: an unguessable token, stored hashed. */
export function createVisitorService({ store, clock }: { store: Store; clock: Clock }) {
  return {
    /** The visitor of a token, or a new visitor with a new token when none or an unknown one is given. */
    async resolve(token: string | undefined): Promise<{ visitor: VisitorRecord; token: string }> {
      if (token) {
        const existing = await store.getVisitorByTokenHash(hashToken(token));
        if (existing) return { visitor: existing, token };
      }
      const fresh = newToken();
      const visitor: VisitorRecord = { id: randomUUID(), tokenHash: hashToken(fresh), createdAt: clock.now().toISOString() };
      await store.createVisitor(visitor);
      return { visitor, token: fresh };
    },
  };
}

export type VisitorService = ReturnType<typeof createVisitorService>;
