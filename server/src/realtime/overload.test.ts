import { AppError } from '@besoin/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { createOverloadGuard, type OverloadGuard } from './overload';

/** Keeps the event loop busy for `ms`, as a saturated poll phase does. */
function block(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) { /* busy */ }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let guard: OverloadGuard | undefined;
afterEach(() => guard?.stop());

describe('overload guard', () => {
  it('sheds new chats and typing while a turn of the event loop lasts too long, never messages', async () => {
    const shed: string[] = [];
    guard = createOverloadGuard({ lagMs: 100, holdMs: 300, onShed: (what) => shed.push(what) });
    await sleep(60);
    expect(() => guard!.check('chat:start')).not.toThrow();
    block(300);
    // Seen from inside the long turn already.
    let refusal: unknown;
    try {
      guard.check('chat:start');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: 'rate_limited' });
    expect((refusal as AppError).details).toMatchObject({ retryAfterMs: expect.any(Number) });
    expect(() => guard!.check('typing:set')).toThrow();
    expect(() => guard!.check('message:send')).not.toThrow();
    expect(() => guard!.check('chat:sync')).not.toThrow();
    expect(shed).toEqual(['chat:start', 'typing:set']);
    // Shedding holds for a while after the loop is fluid again, then stops (bounded wait: a
    // loaded machine may delay a timer enough to extend it).
    await sleep(50);
    expect(guard.overloaded()).toBe(true);
    const deadline = performance.now() + 5000;
    while (guard.overloaded() && performance.now() < deadline) await sleep(50);
    expect(guard.overloaded()).toBe(false);
  });

  it('refuses new connections with rate_limited and a delay while overloaded', async () => {
    guard = createOverloadGuard({ lagMs: 100, holdMs: 300 });
    const middleware = guard.connections();
    const outcome = () => new Promise<unknown>((resolve) => middleware({} as never, (err) => resolve(err ?? 'accepted')));
    block(300);
    const refused = (await outcome()) as Error & { data?: { code: string; details: { retryAfterMs: number } } };
    expect(refused.data?.code).toBe('rate_limited');
    expect(refused.data?.details.retryAfterMs).toBeGreaterThanOrEqual(300);
  });
});
