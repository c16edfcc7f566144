import { vi } from 'vitest';
import type { DeskActions } from '../socket/agentController';

/** Desk actions that record their calls; commands resolve as successful. */
export function fakeActions(overrides: Partial<DeskActions> = {}): DeskActions {
  const noop = () => undefined;
  return {
    select: vi.fn(), dismiss: noop, send: noop, close: noop, setStatus: noop, inputActivity: noop, dismissError: noop,
    dismissNotice: vi.fn(), navigate: vi.fn(), loadTeam: vi.fn(), pick: vi.fn(async () => true),
    transfer: vi.fn(async () => true), convert: vi.fn(async () => true), loadTickets: vi.fn(), loadMoreTickets: noop,
    openTicket: vi.fn(), updateTicket: noop, replyToTicket: vi.fn(async () => true), downloadTranscript: noop,
    join: vi.fn(async () => true), takeOver: vi.fn(async () => true), loadAgents: vi.fn(),
    createAgent: vi.fn(async () => ({ ok: true as const })), saveAgent: vi.fn(async () => ({ ok: true as const })),
    deleteAgent: vi.fn(async () => true), refreshSupervision: vi.fn(), markAbuse: vi.fn(async () => true),
    acknowledgeAlarm: vi.fn(), setAlarmSound: vi.fn(),
    ...overrides,
  };
}
