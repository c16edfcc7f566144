// Types shared by the loader and the lazily loaded app. Type-only: nothing here reaches a bundle.

/** What `identify()` accepts; both fields optional so a host can pass only what it knows. */
export interface Identity {
  name?: string;
  email?: string;
}

/** Events a host page can listen to with `BesoinDaide.on(event, fn)`. */
export type WidgetEvent = 'open' | 'close' | 'chat:started' | 'chat:ended' | 'message';

/** Options the loader gives to the app's `mount()`. */
export interface MountOptions {
  /** Origin of the support server, without a trailing slash. */
  server: string;
  /** The host page's CSP nonce (from the embed snippet), to put on every <style> the app injects. */
  nonce?: string;
  identity: Identity;
  locale: string;
  /** Forwards an event to the host page's listeners. */
  emit: (event: WidgetEvent, detail?: unknown) => void;
  /** The dialog's "Fermer" button and Escape call this; the loader then closes the widget. */
  requestClose: () => void;
}

/** What `mount()` returns: how the loader drives the mounted app. */
export interface AppHandle {
  setOpen(open: boolean): void;
  identify(identity: Identity): void;
  setLocale(locale: string): void;
  unmount(): void;
}

/** The module `widget-app.js`. */
export interface AppModule {
  mount(root: ShadowRoot, options: MountOptions): AppHandle;
}

/** The public API installed on `window.BesoinDaide`. */
export interface BesoinDaideApi {
  open(): void;
  close(): void;
  identify(identity: Identity): void;
  setLocale(locale: string): void;
  /** Adds a listener; returns a function that removes it. */
  on(event: WidgetEvent, fn: (detail?: unknown) => void): () => void;
  /** Calls pushed by a pre-load stub keep working: `q.push([method, ...args])` runs at once. */
  q: { push(call: unknown): number };
  readonly version: string;
}
