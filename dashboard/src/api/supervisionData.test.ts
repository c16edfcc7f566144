import { afterEach, describe, expect, it, vi } from 'vitest';
import { agentView, chatView, ticketView } from '../test/fixtures';
import { createSupervisionData } from './supervisionData';

afterEach(() => vi.useRealTimers());

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('createSupervisionData', () => {
  it('coalesces refreshes, applies what loaded and reports a failure only when asked', async () => {
    vi.useFakeTimers();
    const fetchImpl = vi.fn(async (input: RequestInfo | URL) => {
      const url = String(input);
      if (url === '/api/team') return json(200, { agents: [agentView()] });
      if (url === '/api/chats?status=active') return json(200, { chats: [chatView()] });
      if (url.startsWith('/api/tickets?sla=breached')) return json(200, { tickets: [ticketView()], total: 1 });
      if (url.startsWith('/api/tickets?sla=at_risk')) return json(200, { tickets: [], total: 0 });
      return json(404, { error: { code: 'not_found', message: 'x' } });
    });
    const dispatch = vi.fn();
    const onError = vi.fn();
    const data = createSupervisionData({ client: { fetchImpl }, dispatch, onError });
    data.refresh();
    data.refresh(true);
    await vi.advanceTimersByTimeAsync(400);
    await vi.waitFor(() => expect(onError).toHaveBeenCalledWith('not_found'));
    expect(fetchImpl).toHaveBeenCalledTimes(5);
    expect(dispatch).toHaveBeenCalledWith({ type: 'team:loaded', agents: [agentView()] });
    expect(dispatch).toHaveBeenCalledWith({ type: 'supervision:loaded', activeChats: [chatView()], breached: [ticketView()], atRisk: [] });
    data.refresh();
    await vi.advanceTimersByTimeAsync(400);
    await vi.waitFor(() => expect(fetchImpl).toHaveBeenCalledTimes(10));
    expect(onError).toHaveBeenCalledTimes(1);
    data.stop();
  });
});
