import { describe, expect, it } from 'vitest';
import { createKeyedMutex } from './mutex';

describe('keyed mutex', () => {
  it('runs work of one key one at a time, in order', async () => {
    const mutex = createKeyedMutex();
    const log: string[] = [];
    const job = (name: string, ms: number) => mutex.run('k', async () => {
      log.push(`${name}:start`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`${name}:end`);
    });
    await Promise.all([job('a', 20), job('b', 1), job('c', 1)]);
    expect(log).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
  });

  it('collapses a burst of coalesced requests into the running pass plus one more', async () => {
    const mutex = createKeyedMutex();
    let passes = 0;
    const pass = () => mutex.coalesce('dept', async () => {
      passes += 1;
      await new Promise((r) => setTimeout(r, 10));
    });
    const first = pass();
    await new Promise((r) => setTimeout(r, 1)); // the first pass is running now
    await Promise.all([first, ...Array.from({ length: 50 }, pass)]);
    expect(passes).toBe(2);
    await pass();
    expect(passes).toBe(3);
  });

  it('keeps going after a failed run', async () => {
    const mutex = createKeyedMutex();
    await expect(mutex.run('k', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    await expect(mutex.run('k', async () => 42)).resolves.toBe(42);
  });
});
