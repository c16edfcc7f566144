import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTypingNotifier } from './typing';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('createTypingNotifier', () => {
  it('sends true at most every 2 s while typing and false after 3 s idle', () => {
    const send = vi.fn();
    const typing = createTypingNotifier(send, { now: () => Date.now() });
    typing.input();
    vi.advanceTimersByTime(500);
    typing.input();
    vi.advanceTimersByTime(1600);
    typing.input(); // 2.1 s after the first: throttle window passed
    expect(send.mock.calls).toEqual([[true], [true]]);
    vi.advanceTimersByTime(3000);
    expect(send.mock.calls).toEqual([[true], [true], [false]]);
  });

  it('sends false once on stop (message sent)', () => {
    const send = vi.fn();
    const typing = createTypingNotifier(send);
    typing.input();
    typing.stop();
    typing.stop();
    vi.advanceTimersByTime(5000);
    expect(send.mock.calls).toEqual([[true], [false]]);
  });
});
