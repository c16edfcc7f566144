import { render, waitFor } from '@testing-library/preact';
import { h } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppHandle, AppModule, MountOptions } from '../types';
import { setCspNonce } from '../app/cspNonce';
import { Lazy } from '../app/lazy';
import { install } from './install';

// A host page with a strict Content-Security-Policy gives its nonce on the embed snippet; every
// <style> the widget injects must carry it (CSP applies inside shadow roots too).

type TestWindow = Window & { BesoinDaide?: unknown };

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.resetModules();
  document.body.replaceChildren();
  delete (window as TestWindow).BesoinDaide;
  setCspNonce(undefined);
});

const shadowStyles = () => [...(document.querySelector('[data-besoin-daide]')?.shadowRoot?.querySelectorAll('style') ?? [])];

function fakeImporter() {
  const mounted: { options?: MountOptions } = {};
  const handle: AppHandle = { setOpen: vi.fn(), identify: vi.fn(), setLocale: vi.fn(), unmount: vi.fn() };
  const module: AppModule = { mount: (_root, options) => ((mounted.options = options), handle) };
  return { mounted, importer: async () => module };
}

describe('CSP nonce', () => {
  it('install() puts the nonce on the launcher <style> and hands it to the app', async () => {
    const { mounted, importer } = fakeImporter();
    const api = install({ server: 'https://support.example', nonce: 'n0nce-42', importer });
    expect(shadowStyles().map((s) => s.getAttribute('nonce'))).toEqual(['n0nce-42']);
    api?.open();
    await waitFor(() => expect(mounted.options?.nonce).toBe('n0nce-42'));
  });

  it('without a nonce, no nonce attribute is added', () => {
    install({ server: 'https://support.example', importer: fakeImporter().importer });
    expect(shadowStyles()).toHaveLength(1);
    expect(shadowStyles()[0]?.hasAttribute('nonce')).toBe(false);
  });

  it('builds the launcher icon without innerHTML (hosts enforcing Trusted Types)', () => {
    const spy = vi.spyOn(Element.prototype, 'innerHTML', 'set');
    install({ server: 'https://support.example', importer: fakeImporter().importer });
    expect(spy).not.toHaveBeenCalled();
    const svg = document.querySelector('[data-besoin-daide]')?.shadowRoot?.querySelector('button svg path');
    expect(svg?.getAttribute('d')).toMatch(/^M4 4h16/);
  });

  it.each([
    ['the nonce attribute of its <script> tag', { nonce: 'from-attribute' }, false, 'from-attribute'],
    ['data-nonce of its <script> tag', { 'data-nonce': 'from-data' }, false, 'from-data'],
    ['<meta property="csp-nonce">', {}, true, 'from-meta'],
    ['the tag before the <meta>', { nonce: 'from-attribute' }, true, 'from-attribute'],
  ])('widget.js reads %s', async (_label, attributes, withMeta, expected) => {
    if (withMeta) {
      const meta = document.createElement('meta');
      meta.setAttribute('property', 'csp-nonce');
      meta.setAttribute('nonce', 'from-meta');
      document.body.append(meta);
    }
    const script = document.createElement('script');
    script.src = 'https://support.example/widget.js';
    for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
    vi.spyOn(document, 'currentScript', 'get').mockReturnValue(script);
    await import('../loader');
    expect(shadowStyles().map((s) => s.getAttribute('nonce'))).toEqual([expected]);
  });

  it('the extra chunk\'s <style> (lazy screens) carries the nonce given to mount()', async () => {
    setCspNonce('lazy-nonce');
    const { container } = render(h(Lazy, { render: () => h('p', null, 'écran'), onBack: () => undefined }));
    await waitFor(() => expect(container.querySelector('style')).not.toBeNull());
    const style = container.querySelector('style') as HTMLStyleElement;
    expect(style.getAttribute('nonce') ?? style.nonce).toBe('lazy-nonce');
  });
});
