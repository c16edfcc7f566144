import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticRoutes } from './static.routes';

// Headers of the pages and files staticRoutes serves (docs/SECURITY.md, "Headers").

let dir: string;
let server: Server;
let url: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'besoin-headers-'));
  mkdirSync(path.join(dir, 'widget'));
  mkdirSync(path.join(dir, 'dashboard', 'assets'), { recursive: true });
  writeFileSync(path.join(dir, 'widget', 'widget.js'), 'void 0;');
  writeFileSync(path.join(dir, 'dashboard', 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(path.join(dir, 'dashboard', 'assets', 'app.js'), 'void 0;');
  const app = express();
  app.set('trust proxy', 'loopback');
  app.use(staticRoutes({ widget: path.join(dir, 'widget'), dashboard: path.join(dir, 'dashboard') }));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const host = () => new URL(url).host;
const directives = (csp: string | null) => new Map((csp ?? '').split(';').map((d) => d.trim().split(/\s+/)).map(([name = '', ...values]) => [name, values]));

describe('security headers', () => {
  it('the dashboard: strict CSP, no inline script or style, websockets of self, never framed', async () => {
    for (const pathname of ['/agent', '/agent/tickets/TCK-1', '/agent/assets/app.js']) {
      const res = await fetch(`${url}${pathname}`);
      expect(res.status).toBe(200);
      const csp = directives(res.headers.get('content-security-policy'));
      expect(Object.fromEntries(csp)).toEqual({
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'connect-src': ["'self'", `ws://${host()}`, `wss://${host()}`],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        'script-src-attr': ["'none'"],
      });
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('strict-transport-security')).toBeNull(); // plain HTTP
    }
  });

  it('the demo page: a fresh nonce per response, on the inline <style>, in the csp-nonce <meta> for the widget and in the CSP', async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${url}/`);
      const html = await res.text();
      const csp = directives(res.headers.get('content-security-policy'));
      const nonce = /<style nonce="([A-Za-z0-9+/=]{24})">/.exec(html)?.[1];
      expect(nonce).toBeDefined();
      expect(html).toContain(`<meta property="csp-nonce" nonce="${nonce}">`);
      expect(html).toContain('<script src="/widget.js" async></script>');
      expect(csp.get('style-src')).toEqual(["'self'", `'nonce-${nonce}'`]);
      expect(csp.get('script-src')).toEqual(["'self'", `'nonce-${nonce}'`]);
      expect(csp.get('connect-src')).toEqual(["'self'", `ws://${host()}`, `wss://${host()}`]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(res.headers.get('cache-control')).toBe('no-store');
      nonces.add(nonce!);
    }
    expect(nonces.size).toBe(3);
  });

  it('HSTS and upgrade-insecure-requests only over HTTPS (X-Forwarded-Proto from the trusted proxy)', async () => {
    const res = await fetch(`${url}/agent`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(directives(res.headers.get('content-security-policy')).has('upgrade-insecure-requests')).toBe(true);
    const plain = await fetch(`${url}/agent`);
    expect(directives(plain.headers.get('content-security-policy')).has('upgrade-insecure-requests')).toBe(false);
  });

  it('a Host header that is not a plain host[:port] never reaches the CSP', async () => {
    const { request } = await import('node:http');
    const csp = await new Promise<string>((resolve, reject) => {
      const req = request(`${url}/agent/tickets`, { headers: { host: 'evil.example;script-src *' } }, (res) => {
        res.resume();
        resolve(String(res.headers['content-security-policy']));
      });
      req.on('error', reject);
      req.end();
    });
    expect(csp).not.toContain('evil');
    expect(directives(csp).get('script-src')).toEqual(["'self'"]);
  });

  it('the widget files stay embeddable anywhere: CORS *, CORP cross-origin, no CSP or framing headers', async () => {
    const res = await fetch(`${url}/widget.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(res.headers.get('x-frame-options')).toBeNull();
  });
});
