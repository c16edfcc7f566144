/** Where older versions of the dashboard kept the session token (now an HttpOnly cookie). */
export const LEGACY_TOKEN_KEY = 'besoin-daide:agentToken';

/** Deletes any token an older version left in web storage; run once at start-up. */
export function forgetLegacyToken(stores: (() => Storage)[] = [() => sessionStorage, () => localStorage]): void {
  for (const store of stores) {
    try {
      store().removeItem(LEGACY_TOKEN_KEY);
    } catch {
      // storage unavailable (privacy modes, sandboxed frames): nothing stored there
    }
  }
}
