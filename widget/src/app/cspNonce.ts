// The host page's CSP nonce (MountOptions.nonce), for the <style> elements the app renders later
// (the extra chunk's styles in lazy.tsx). One widget per page, so one module-level value.

let current: string | undefined;

/** Remembers the nonce given to mount(). */
export function setCspNonce(nonce: string | undefined): void {
  current = nonce || undefined;
}

/** The nonce to put on an injected <style>, if the host gave one. */
export function cspNonce(): string | undefined {
  return current;
}
