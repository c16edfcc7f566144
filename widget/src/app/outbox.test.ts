import { describe, expect, it, vi } from 'vitest';
import { OUTBOX_LIMIT, OUTBOX_STORAGE_KEY, type StoredMessage } from './outbox';
import { CHAT, fakeServer, load, settle, stored, texts, useSessionHarness } from './sessionHarness';

// The persisted outbox through the real session controller (sessionHarness.ts): written before
// the first emit, resent after a reload with the same clientMessageId, forgotten once delivered.

vi.mock('socket.io-client', () => import('./fakeVisitorSocket'));

useSessionHarness();

describe('persisted outbox', () => {
  it('writes the message to localStorage before the first emit, and removes it when acked', async () => {
    const server = fakeServer();
    const { session, socket } = load();
    socket.accept(CHAT);
    await settle();
    session.send('  Mon site affiche une erreur 500.  ');
    await settle();

    const [send] = socket.sends();
    const id = String(send?.payload['clientMessageId']);
    const atEmit = JSON.parse(send?.storedAtEmit ?? '[]') as StoredMessage[];
    expect(atEmit).toEqual([{ clientMessageId: id, chatId: CHAT.id, text: 'Mon site affiche une erreur 500.', createdAt: expect.any(String) }]);
    expect(stored()).toEqual([]); // acked: gone
    expect(localStorage.getItem(OUTBOX_STORAGE_KEY)).toBeNull();
    expect(texts(session)).toEqual(['Bonjour', 'Mon site affiche une erreur 500.']);
    expect(server.messages).toHaveLength(2);
  });

  it('restores an unacknowledged message after a reload, shows it as pending and resends it with the same clientMessageId', async () => {
    const server = fakeServer();
    server.mode = 'silent';
    const first = load();
    first.socket.accept(CHAT);
    await settle();
    first.session.send('Toujours en panne ?');
    await settle();
    const id = first.socket.sends()[0]?.payload['clientMessageId'];
    expect(first.session.getState().pending.map((p) => p.text)).toEqual(['Toujours en panne ?']);
    first.session.close(); // the page goes away before the ack

    const second = load(); // the reload: a new controller, the same storage
    second.socket.accept(CHAT);
    await settle();
    expect(second.socket.sends().map((s) => s.payload['clientMessageId'])).toEqual([id]);
    expect(second.session.getState().pending.map((p) => [p.clientMessageId, p.text])).toEqual([[id, 'Toujours en panne ?']]);
    // The resend happens only once chat:sync is done.
    const events = second.socket.emitted.map((e) => e.event);
    expect(events.indexOf('chat:sync')).toBeLessThan(events.indexOf('message:send'));

    server.mode = 'ack';
    const third = load(); // and once more, now that the server answers
    third.socket.accept(CHAT);
    await settle();
    expect(third.socket.sends().map((s) => s.payload['clientMessageId'])).toEqual([id]);
    expect(texts(third.session)).toEqual(['Bonjour', 'Toujours en panne ?']);
    expect(third.session.getState().pending).toEqual([]);
    expect(stored()).toEqual([]);
    expect(server.messages).toHaveLength(2);
  });

  it('does not resend a message that chat:sync shows delivered (the ack was lost), and forgets it', async () => {
    const server = fakeServer();
    server.mode = 'lost';
    const first = load();
    first.socket.accept(CHAT);
    await settle();
    first.session.send('Merci');
    await settle();
    expect(stored()).toHaveLength(1);
    first.session.close();

    server.mode = 'ack';
    const second = load();
    second.socket.accept(CHAT);
    await settle();
    expect(second.socket.sends()).toEqual([]);
    expect(texts(second.session)).toEqual(['Bonjour', 'Merci']);
    expect(second.session.getState().pending).toEqual([]);
    expect(stored()).toEqual([]);
  });

  it('shows a pending item restored by two tabs once in each, and a message of the other tab once', async () => {
    const server = fakeServer();
    server.mode = 'silent';
    const before = load();
    before.socket.accept(CHAT);
    await settle();
    before.session.send('Envoyé avant le rechargement');
    await settle();
    before.session.close();

    server.mode = 'ack';
    const a = load();
    const b = load();
    a.socket.accept(CHAT);
    b.socket.accept(CHAT);
    await settle();
    // Both resent it with the same clientMessageId: the server kept one message (one seq).
    expect(server.messages.map((m) => m.text)).toEqual(['Bonjour', 'Envoyé avant le rechargement']);
    const created = server.messages[1];
    // The server also tells each tab about the other's send (message:created): still shown once.
    a.socket.fire('message:created', { message: created });
    b.socket.fire('message:created', { message: created });
    expect(texts(a.session)).toEqual(['Bonjour', 'Envoyé avant le rechargement']);
    expect(texts(b.session)).toEqual(['Bonjour', 'Envoyé avant le rechargement']);

    // A message sent from tab A reaches tab B once.
    a.session.send('Depuis l’onglet A');
    await settle();
    b.socket.fire('message:created', { message: server.messages[2] });
    b.socket.fire('message:created', { message: server.messages[2] });
    expect(texts(b.session)).toEqual(['Bonjour', 'Envoyé avant le rechargement', 'Depuis l’onglet A']);
    expect(b.session.getState().pending).toEqual([]);
    expect(stored()).toEqual([]);
  });

  it(`keeps at most ${OUTBOX_LIMIT} stored messages, the newest`, async () => {
    const server = fakeServer();
    server.mode = 'silent';
    const { session, socket } = load();
    socket.accept(CHAT);
    await settle();
    for (let i = 1; i <= OUTBOX_LIMIT + 10; i += 1) session.send(`message ${i}`);
    const list = stored();
    expect(list).toHaveLength(OUTBOX_LIMIT);
    expect(list[0]?.text).toBe('message 11');
    expect(list[OUTBOX_LIMIT - 1]?.text).toBe(`message ${OUTBOX_LIMIT + 10}`);
    expect(session.getState().pending).toHaveLength(OUTBOX_LIMIT + 10); // this page still sends them all
  });

  it('keeps working when storage throws (privacy mode, quota)', async () => {
    const server = fakeServer();
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    const { session, socket } = load();
    socket.accept(CHAT);
    await settle();
    expect(() => session.send('Sans stockage')).not.toThrow();
    await settle();
    expect(socket.sends()).toHaveLength(1);
    expect(texts(session)).toEqual(['Bonjour', 'Sans stockage']);
    expect(server.messages).toHaveLength(2);
  });

  it('ignores what is not a list of messages in storage', async () => {
    fakeServer();
    localStorage.setItem(OUTBOX_STORAGE_KEY, '{not json');
    expect(stored()).toEqual([]);
    localStorage.setItem(OUTBOX_STORAGE_KEY, JSON.stringify([{ clientMessageId: 1 }, null, 'x']));
    expect(stored()).toEqual([]);
    const { session, socket } = load();
    socket.accept(CHAT);
    await settle();
    expect(session.getState().pending).toEqual([]);
  });

  it('forgets a message refused for good, keeps one that may still go through (rate_limited)', async () => {
    const server = fakeServer();
    server.mode = { ok: false, error: { code: 'invalid_payload', message: 'invalid' } };
    const { session, socket } = load();
    socket.accept(CHAT);
    await settle();
    session.send('Refusé');
    await settle();
    expect(session.getState().pending.map((p) => p.failed)).toEqual([true]);
    expect(stored()).toEqual([]);

    vi.useFakeTimers();
    server.mode = { ok: false, error: { code: 'rate_limited', message: 'slow down' } };
    session.send('Plus tard');
    await vi.advanceTimersByTimeAsync(0);
    expect(stored().map((s) => s.text)).toEqual(['Plus tard']);
  });

  it('rides out a store outage: `internal` is retried for about half a minute, then the message goes through', async () => {
    const server = fakeServer();
    server.mode = { ok: false, error: { code: 'internal', message: 'store unavailable' } };
    const { session, socket } = load();
    socket.accept(CHAT);
    await settle();
    vi.useFakeTimers();
    session.send('Pendant la panne');
    await vi.advanceTimersByTimeAsync(15_000); // attempts at 0, 1, 3, 6, 10, 14 s: all refused
    expect(session.getState().pending.map((p) => p.failed)).toEqual([false]);
    server.mode = 'ack'; // the store is back
    await vi.advanceTimersByTimeAsync(4_000);
    expect(session.getState().pending).toEqual([]);
    expect(server.messages.map((m) => m.text)).toContain('Pendant la panne');
    expect(stored()).toEqual([]);
  });

  it('drops stored messages of a chat that is over, after a grace period', async () => {
    fakeServer();
    const old = new Date(Date.now() - 10 * 60_000).toISOString();
    const fresh = new Date().toISOString();
    localStorage.setItem(
      OUTBOX_STORAGE_KEY,
      JSON.stringify([
        { clientMessageId: 'a', chatId: 'chat-ended', text: 'ancien', createdAt: old },
        { clientMessageId: 'b', chatId: 'chat-new', text: 'tout neuf', createdAt: fresh },
      ]),
    );
    const { session, socket } = load();
    socket.accept(null); // no active chat
    await settle();
    expect(stored().map((s) => s.clientMessageId)).toEqual(['b']); // another tab may have just started chat-new
    expect(session.getState().pending).toEqual([]);
    expect(socket.sends()).toEqual([]);
  });
});
