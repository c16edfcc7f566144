import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TYPING_IDLE_MS, TYPING_THROTTLE_MS, createTypingNotifier } from './typingNotifier';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('createTypingNotifier', () => {
  it('sends true at most once per throttle window and false after idle', () => {
    const emit = vi.fn();
    const typing = createTypingNotifier(emit);
    typing.activity('c1');
    vi.advanceTimersByTime(500);
    typing.activity('c1');
    expect(emit.mock.calls).toEqual([['c1', true]]);
    vi.advanceTimersByTime(TYPING_THROTTLE_MS);
    typing.activity('c1');
    expect(emit.mock.calls).toEqual([['c1', true], ['c1', true]]);
    vi.advanceTimersByTime(TYPING_IDLE_MS);
    expect(emit.mock.calls.at(-1)).toEqual(['c1', false]);
  });

  it('stop sends false once; switching chats stops the previous one', () => {
    const emit = vi.fn();
    const typing = createTypingNotifier(emit);
    typing.activity('c1');
    typing.activity('c2');
    typing.stop('c2');
    typing.stop('c2');
    expect(emit.mock.calls).toEqual([['c1', true], ['c1', false], ['c2', true], ['c2', false]]);
    vi.advanceTimersByTime(TYPING_IDLE_MS * 2);
    expect(emit).toHaveBeenCalledTimes(4);
  });
});
