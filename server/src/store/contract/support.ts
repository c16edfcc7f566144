import { afterEach, beforeEach, expect } from 'vitest';
import type {
  AgentRecord, ChatRecord, NewAgent, NewChat, NewMessage, NewTicket, Store,
} from '../store';

// Helpers shared by the contract files. Everything here goes through the Store interface
// only, so that SQLite and Redis run the very same tests.

/** Opens a fresh, empty store; `close` releases it and anything it created. */
export type OpenStore = () => Promise<{ store: Store; close: () => Promise<void> }>;

/** A fixed clock: `at(n)` is n seconds after an arbitrary origin, as an ISO instant. */
export const at = (seconds: number): string =>
  new Date(Date.UTC(2026, 0, 5, 9) + seconds * 1000).toISOString();

/** Deterministic PRNG (mulberry32) so that the "random" concurrency tests are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A new-agent input with sensible defaults. */
export function agentInput(login: string, overrides: Partial<NewAgent> = {}): NewAgent {
  return {
    login, name: `Agent ${login}`, role: 'agent', departments: ['technical'],
    maxChats: null, passwordHash: `hash-${login}`, ...overrides,
  };
}

/** A new-chat input with sensible defaults. */
export function chatInput(visitorId: string, overrides: Partial<NewChat> = {}): NewChat {
  return {
    visitorId, department: 'technical', subject: 'Site en panne', visitorName: 'Amina',
    visitorEmail: 'amina@example.com', urgent: false, priority: 'normal', locale: 'fr',
    pageUrl: 'https://example.com/aide', category: 'outage', ...overrides,
  };
}

/** A visitor message without its chatId. */
export function visitorMessage(text: string, clientMessageId: string | null = null): Omit<NewMessage, 'chatId'> {
  return { clientMessageId, authorRole: 'visitor', authorName: 'Amina', authorId: null, text, internal: false };
}

/** A form ticket input with sensible defaults. */
export function ticketInput(overrides: Partial<NewTicket> = {}): NewTicket {
  return {
    subject: 'Site inaccessible', department: 'technical', category: 'technical', priority: 'normal',
    urgent: false, requesterName: 'Amina', requesterEmail: 'amina@example.com', source: 'form',
    visitorId: 'visitor-a', firstResponseDueAt: at(4 * 3600), text: 'Mon site ne répond plus.',
    author: { role: 'visitor', name: 'Amina', id: null }, ...overrides,
  };
}

/** Expects a successful result and narrows it. */
export function expectOk<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  expect(result).toMatchObject({ ok: true });
  return result as Extract<T, { ok: true }>;
}

/** Unwraps a value the test expects to exist. */
export function present<T>(value: T | null | undefined): T {
  expect(value).toBeDefined();
  expect(value).not.toBeNull();
  return value as T;
}

let visitorCounter = 0;

/** A fresh store per test plus helpers bound to it; call inside a `describe`. */
export interface StoreFixture {
  /** The current test's store (only valid inside a test or hook). */
  readonly store: Store;
  newVisitor(): Promise<string>;
  newChat(overrides?: Partial<NewChat>, now?: string): Promise<ChatRecord>;
  newAgent(login: string, overrides?: Partial<NewAgent>): Promise<AgentRecord>;
  send(chatId: string, text: string, extra?: Partial<NewMessage>, now?: string): ReturnType<Store['appendMessage']>;
}

/** Registers beforeEach/afterEach hooks that open and close a fresh store for each test. */
export function useStoreFixture(open: OpenStore): StoreFixture {
  let current: Awaited<ReturnType<OpenStore>> | null = null;
  beforeEach(async () => {
    current = await open();
  });
  afterEach(async () => {
    await current?.close();
    current = null;
  });
  const store = (): Store => {
    if (!current) throw new Error('the store is only available inside a test');
    return current.store;
  };
  const newVisitor = async (): Promise<string> => {
    visitorCounter += 1;
    const id = `visitor-${visitorCounter}-${Math.random().toString(36).slice(2)}`;
    await store().createVisitor({ id, tokenHash: `token-${id}`, createdAt: at(0) });
    return id;
  };
  return {
    get store() {
      return store();
    },
    newVisitor,
    async newChat(overrides = {}, now = at(1)) {
      const visitorId = overrides.visitorId ?? await newVisitor();
      const result = await store().createChat(chatInput(visitorId, overrides), visitorMessage('Bonjour'), now);
      return expectOk(result).chat;
    },
    async newAgent(login, overrides = {}) {
      const agent = await store().createAgent(agentInput(login, overrides), at(0));
      if (!agent) throw new Error(`login ${login} unexpectedly taken`);
      return agent;
    },
    send(chatId, text, extra = {}, now = at(10)) {
      return store().appendMessage({ chatId, ...visitorMessage(text), ...extra }, now);
    },
  };
}
