const KEY = 'besoin-daide:agentToken';

// sessionStorage may throw (privacy modes, sandboxed frames): the token then lives in memory only.
let memoryToken: string | null = null;

/** The agent token of this tab, or null. */
export function loadToken(): string | null {
  try {
    return sessionStorage.getItem(KEY) ?? memoryToken;
  } catch {
    return memoryToken;
  }
}

/** Remembers the agent token for this tab. */
export function saveToken(token: string): void {
  memoryToken = token;
  try {
    sessionStorage.setItem(KEY, token);
  } catch {
    // memory only
  }
}

/** Forgets the agent token. */
export function clearToken(): void {
  memoryToken = null;
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing stored
  }
}
