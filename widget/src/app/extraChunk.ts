import type * as Extra from '../extra/extra';

/** The module `widget-extra.js`: the rarely used screens and the transcript download. */
export type ExtraModule = typeof Extra;

let loading: Promise<ExtraModule> | undefined;

/** Imports `widget-extra.js` once (again after a failure, e.g. offline). */
export function loadExtra(): Promise<ExtraModule> {
  loading ??= import('../extra/extra').catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
