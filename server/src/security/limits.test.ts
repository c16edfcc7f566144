import { describe, expect, it } from 'vitest';
import { clientIp, isLoopback } from './clientIp';
import { memoryCounters } from './limits';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('memory counters', () => {
  it('refuses past the budget with the wait until the window ends, and refusals take nothing', async () => {
    const c = memoryCounters({ name: 't1', points: 2, windowMs: 200 });
    expect(await c.consume('k')).toEqual({ allowed: true });
    expect(await c.consume('k')).toEqual({ allowed: true });
    const refused = await c.consume('k');
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) expect(refused.retryAfterMs).toBeGreaterThan(0);
    if (!refused.allowed) expect(refused.retryAfterMs).toBeLessThanOrEqual(200);
    expect(await c.consume('other')).toEqual({ allowed: true });
    await sleep(230);
    expect(await c.consume('k')).toEqual({ allowed: true });
    expect(await c.consume('k')).toEqual({ allowed: true });
  });

  it('counts concurrency without a window: release gives points back', async () => {
    const c = memoryCounters({ name: 't2', points: 2, windowMs: 0 });
    expect((await c.consume('ip')).allowed).toBe(true);
    expect((await c.consume('ip')).allowed).toBe(true);
    expect(await c.consume('ip')).toEqual({ allowed: false, retryAfterMs: 1000 });
    expect(await c.consume('ip')).toEqual({ allowed: false, retryAfterMs: 1000 });
    await c.release('ip');
    expect((await c.consume('ip')).allowed).toBe(true);
    expect((await c.consume('ip')).allowed).toBe(false);
    await c.release('ip');
    await c.release('ip');
    expect((await c.peek('ip')).allowed).toBe(true);
  });

  it('peeks without consuming and blocks a key for a while', async () => {
    const c = memoryCounters({ name: 't3', points: 1, windowMs: 60_000 });
    expect(await c.peek('ip')).toEqual({ allowed: true });
    expect(await c.peek('ip')).toEqual({ allowed: true });
    await c.consume('ip');
    expect((await c.peek('ip')).allowed).toBe(false);
    await c.block('ip', 150);
    const blocked = await c.peek('ip');
    expect(blocked.allowed).toBe(false);
    if (!blocked.allowed) expect(blocked.retryAfterMs).toBeLessThanOrEqual(150);
    await sleep(180);
    expect(await c.peek('ip')).toEqual({ allowed: true });
  });
});

describe('client IP', () => {
  it('trusts X-Forwarded-For only from loopback, like trust proxy "loopback"', () => {
    expect(clientIp('203.0.113.9', '198.51.100.1')).toBe('203.0.113.9');
    expect(clientIp('127.0.0.1', undefined)).toBe('127.0.0.1');
    expect(clientIp('::ffff:127.0.0.1', '198.51.100.1')).toBe('198.51.100.1');
    expect(clientIp('::1', '198.51.100.1, 127.0.0.1')).toBe('198.51.100.1');
    expect(clientIp('127.0.0.1', '10.0.0.1, 198.51.100.1')).toBe('198.51.100.1');
    expect(clientIp('127.0.0.1', 'not-an-ip')).toBe('127.0.0.1');
    expect(clientIp('::ffff:203.0.113.9', undefined)).toBe('203.0.113.9');
    expect(isLoopback('127.8.0.1')).toBe(true);
    expect(isLoopback('10.0.0.1')).toBe(false);
  });
});
