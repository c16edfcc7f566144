import { describe, expect, it, vi } from 'vitest';
import { RECONNECTING_DELAY_MS } from './session';
import { CHAT, fakeServer, load, useSessionHarness } from './sessionHarness';

// The connection state the session reports (sessionHarness.ts drives the real controller over a
// fake socket): short drops are not announced, rate-limited handshakes are retried.

vi.mock('socket.io-client', () => import('./fakeVisitorSocket'));

useSessionHarness();

describe('connection status', () => {
  it('says "reconnecting" only when a drop lasts longer than RECONNECTING_DELAY_MS', async () => {
    fakeServer();
    vi.useFakeTimers();
    const { session, socket } = load();
    expect(session.getState().connection).toBe('connecting');
    socket.accept(CHAT);
    await vi.advanceTimersByTimeAsync(0);
    expect(session.getState().connection).toBe('online');

    socket.drop();
    await vi.advanceTimersByTimeAsync(RECONNECTING_DELAY_MS - 100);
    expect(session.getState().connection).toBe('online'); // a short drop is not announced
    socket.accept(CHAT);
    await vi.advanceTimersByTimeAsync(RECONNECTING_DELAY_MS * 3);
    expect(session.getState().connection).toBe('online');

    socket.drop();
    socket.fire('connect_error', new Error('xhr poll error'));
    await vi.advanceTimersByTimeAsync(RECONNECTING_DELAY_MS);
    expect(session.getState().connection).toBe('reconnecting');
    socket.accept(CHAT);
    expect(session.getState().connection).toBe('online');
  });

  it('tries again after retryAfterMs when the server refuses the connection for rate limiting, and with backoff when it fails (internal)', async () => {
    fakeServer();
    vi.useFakeTimers();
    const { session, socket } = load();
    socket.active = false; // a middleware refusal: socket.io-client does not retry by itself
    const refusal = Object.assign(new Error('Too many connections.'), { data: { code: 'rate_limited', details: { retryAfterMs: 1500 } } });
    socket.fire('connect_error', refusal);
    expect(session.getState().connection).toBe('connecting');
    await vi.advanceTimersByTimeAsync(1400);
    expect(socket.connects).toBe(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(socket.connects).toBe(1);
    // a server that could not read the session (its store away) is tried again with growing
    // delays (1 s, 2 s, 4 s… counted with the refusal above: 2 s, then 4 s)
    const internal = () => socket.fire('connect_error', Object.assign(new Error('Internal error.'), { data: { code: 'internal' } }));
    internal();
    await vi.advanceTimersByTimeAsync(1900);
    expect(socket.connects).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(socket.connects).toBe(2);
    internal();
    await vi.advanceTimersByTimeAsync(3900);
    expect(socket.connects).toBe(2);
    await vi.advanceTimersByTimeAsync(100);
    expect(socket.connects).toBe(3);
    // any other refusal is final
    socket.fire('connect_error', Object.assign(new Error('bad protocol'), { data: { code: 'incompatible_protocol' } }));
    expect(session.getState().connection).toBe('failed');
  });
});
