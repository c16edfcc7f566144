import { describe, expect, it } from 'vitest';
import { CATEGORY_PRIORITY, comparePriority, maxPriority, PRIORITY_ORDER, raisePriority } from './priority';
import type { Priority } from '../protocol/schemas';

describe('priorities', () => {
  it('are ordered low < normal < high < critical', () => {
    expect(PRIORITY_ORDER).toEqual(['low', 'normal', 'high', 'critical']);
  });

  it('compare as negative, zero or positive', () => {
    expect(comparePriority('low', 'critical')).toBeLessThan(0);
    expect(comparePriority('high', 'normal')).toBeGreaterThan(0);
    expect(comparePriority('normal', 'normal')).toBe(0);
    const queue: Priority[] = ['normal', 'critical', 'low', 'high', 'normal'];
    expect([...queue].sort((a, b) => comparePriority(b, a))).toEqual(['critical', 'high', 'normal', 'normal', 'low']);
  });

  it('raise one level by default, capped at critical', () => {
    expect(raisePriority('low')).toBe('normal');
    expect(raisePriority('normal')).toBe('high');
    expect(raisePriority('high')).toBe('critical');
    expect(raisePriority('critical')).toBe('critical');
  });

  it('raise several levels, lower with negative levels, floor at low', () => {
    expect(raisePriority('low', 2)).toBe('high');
    expect(raisePriority('low', 10)).toBe('critical');
    expect(raisePriority('normal', 0)).toBe('normal');
    expect(raisePriority('high', -1)).toBe('normal');
    expect(raisePriority('normal', -5)).toBe('low');
  });

  it('take the higher of two', () => {
    expect(maxPriority('low', 'high')).toBe('high');
    expect(maxPriority('critical', 'normal')).toBe('critical');
    expect(maxPriority('normal', 'normal')).toBe('normal');
  });

  it('default by category (DESIGN §6)', () => {
    expect(CATEGORY_PRIORITY).toEqual({ outage: 'critical', technical: 'normal', billing: 'low', sales: 'low', complaint: 'high' });
  });
});
