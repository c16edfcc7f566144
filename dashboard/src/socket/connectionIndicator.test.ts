import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionState } from '../state/deskState';
import { createConnectionIndicator } from './connectionIndicator';

function setup() {
  const shown: ConnectionState[] = [];
  const indicator = createConnectionIndicator({ setConnection: (state) => shown.push(state) });
  return { indicator, shown };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('connection indicator', () => {
  it('a drop shorter than a second shows nothing', () => {
    const { indicator, shown } = setup();
    indicator.lost();
    vi.advanceTimersByTime(900);
    indicator.restored();
    vi.advanceTimersByTime(5000);
    expect(shown).toEqual([]);
  });

  it('a longer drop shows offline after a second', () => {
    const { indicator, shown } = setup();
    indicator.lost();
    vi.advanceTimersByTime(999);
    expect(shown).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(shown).toEqual(['offline']);
  });

  it('failed reconnection attempts do not push the warning back', () => {
    const { indicator, shown } = setup();
    indicator.lost();
    vi.advanceTimersByTime(600);
    indicator.lost(); // connect_error of a retry
    vi.advanceTimersByTime(400);
    expect(shown).toEqual(['offline']);
  });

  it('a refusal shows at once; stop cancels a pending warning', () => {
    const { indicator, shown } = setup();
    indicator.failed();
    expect(shown).toEqual(['offline']);
    indicator.lost();
    indicator.stop();
    vi.advanceTimersByTime(5000);
    indicator.failed();
    expect(shown).toEqual(['offline']);
  });
});
