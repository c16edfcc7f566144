import { afterEach, describe, expect, it, vi } from 'vitest';
import { chatView } from '../test/fixtures';
import { createDeskData } from './deskData';

afterEach(() => vi.useRealTimers());

describe('createDeskData', () => {
  it('coalesces queue refreshes within the debounce window into one GET /api/queues', async () => {
    vi.useFakeTimers();
    const queues = [{ department: 'technical', waiting: 1, oldestWaitSeconds: 5, chats: [chatView({ status: 'queued' })] }];
    const fetchImpl = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => new Response(JSON.stringify({ queues }), { status: 200 }));
    const dispatch = vi.fn();
    const data = createDeskData({ client: { fetchImpl }, dispatch, onError: vi.fn(), now: () => 42 });
    data.refreshQueues();
    data.refreshQueues();
    await vi.advanceTimersByTimeAsync(200);
    data.refreshQueues();
    await vi.advanceTimersByTimeAsync(300);
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    expect(fetchImpl.mock.calls[0]?.[0]).toBe('/api/queues');
    await vi.waitFor(() => expect(dispatch).toHaveBeenCalledWith({ type: 'queues:loaded', queues, at: 42 }));
    data.stop();
  });
});
