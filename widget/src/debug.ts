/** Development-only logging: `import.meta.env.DEV` is false in builds, so calls compile to nothing. */
export function debug(...args: unknown[]): void {
  if (import.meta.env.DEV) console.warn('[besoin-daide]', ...args);
}
