import type { Browser, BrowserContext, Locator, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { loggedInAgent, visitorStartsChat } from '../support/pages';
import { startServer, type E2eServer } from '../support/server';

// A page reload while a message is unacknowledged (DESIGN §2 "Delivery", client side): the widget
// keeps its outbox in localStorage, so the reloaded page shows the whole conversation again and
// resends the message with the same clientMessageId; it then appears exactly once for the visitor,
// once in the agent's dashboard and once in the store. The visitor's socket goes through a
// Playwright WebSocket proxy installed before the page loads; while `blockSends` is on, it drops
// every `message:send` frame the page emits (nothing reaches the server, no ack comes back).

const PASSWORD = 'mot-de-passe-reload';
let server: E2eServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let blockSends = false;
let droppedFrames = 0;

/** Proxies the page's socket.io WebSocket to the real server, dropping `message:send` frames while `blockSends` is on. */
function proxySocketIo(ws: WebSocketRoute): void {
  const upstream = ws.connectToServer();
  ws.onMessage((frame) => {
    if (blockSends && String(frame).includes('"message:send"')) {
      droppedFrames += 1;
      return;
    }
    upstream.send(frame);
  });
  upstream.onMessage((frame) => ws.send(frame));
}

/** The browser, except that every new context (before any page loads in it) proxies socket.io. */
function proxiedBrowser(): Browser {
  const newContext: Browser['newContext'] = async (options) => {
    const context = await browser.newContext(options);
    contexts.push(context);
    await context.routeWebSocket(/socket\.io/, proxySocketIo);
    return context;
  };
  return new Proxy(browser, { get: (target, key) => (key === 'newContext' ? newContext : Reflect.get(target, key)) });
}

const shown = (where: Locator | Page, text: string) => where.getByRole('log').getByText(text, { exact: true });

beforeAll(async () => {
  server = await startServer();
  await server.createAgent({ login: 'leila', name: 'Leila', password: PASSWORD });
  browser = await launchChromium();
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
  await browser?.close();
  await server?.close();
});

describe('reload with an unacknowledged message', () => {
  it('resends it after the reload: shown once to the visitor, once to the agent, stored once', async () => {
    const agent = await loggedInAgent(browser, server.url, 'leila', PASSWORD);
    const first = 'Bonjour, ma boutique en ligne ne répond plus.';
    const { page, dialog } = await visitorStartsChat(proxiedBrowser(), server.url, {
      name: 'Youssef Trabelsi', email: 'youssef@example.tn', service: 'Technique', subject: 'Boutique hors ligne', message: first,
    });

    // The agent takes the chat; one message each way, both acknowledged.
    await agent.getByRole('button', { name: /Youssef Trabelsi.*Boutique hors ligne/ }).click({ timeout: 15_000 });
    await shown(agent, first).waitFor({ timeout: 10_000 });
    const reply = 'Bonjour Youssef, je regarde votre hébergement.';
    await agent.getByRole('textbox', { name: 'Votre message' }).fill(reply);
    await agent.getByRole('button', { name: 'Envoyer' }).click();
    await shown(dialog, reply).waitFor({ timeout: 10_000 });
    const second = 'Merci, elle affiche une erreur 502.';
    await dialog.getByRole('textbox', { name: 'Votre message' }).fill(second);
    await dialog.getByRole('button', { name: 'Envoyer' }).click();
    await shown(agent, second).waitFor({ timeout: 10_000 });

    // The next message never reaches the server: it stays "envoi…".
    blockSends = true;
    const unsent = 'Et maintenant la page d’accueil est blanche.';
    await dialog.getByRole('textbox', { name: 'Votre message' }).fill(unsent);
    await dialog.getByRole('button', { name: 'Envoyer' }).click();
    const pending = dialog.getByRole('listitem').filter({ hasText: unsent });
    await expect.poll(() => pending.innerText(), { timeout: 5_000 }).toMatch(/envoi…/);
    await expect.poll(() => droppedFrames, { timeout: 5_000 }).toBeGreaterThan(0);
    const stored = await page.evaluate(() => localStorage.getItem('besoin-daide:outbox'));
    expect(stored).toContain(unsent);
    const chatId = (await server.store.listActiveChatsOfAgent((await server.store.getAgentByLogin('leila'))!.id))[0]!.id;
    expect((await server.store.listMessages(chatId, 0, { includeInternal: true })).some((m) => m.text === unsent)).toBe(false);

    // Reload with the proxy passing everything again: the dialog was open, so it opens again.
    blockSends = false;
    await page.reload();
    const reloaded = page.getByRole('dialog', { name: 'Assistance' });
    await reloaded.waitFor({ timeout: 15_000 });
    await shown(reloaded, unsent).waitFor({ timeout: 15_000 });
    await shown(agent, unsent).waitFor({ timeout: 15_000 });
    await expect.poll(() => reloaded.getByRole('log').getByText('envoi…').count(), { timeout: 15_000 }).toBe(0);

    // The whole history is back, in order, each message once.
    const texts = [first, reply, second, unsent];
    const visitorCounts = await Promise.all(texts.map((t) => shown(reloaded, t).count()));
    const agentCounts = await Promise.all(texts.map((t) => shown(agent, t).count()));
    const rows = await server.store.listMessages(chatId, 0, { includeInternal: true });
    const storeCounts = texts.map((t) => rows.filter((m) => m.text === t).length);
    const logText = await reloaded.getByRole('log').innerText();
    expect(texts.map((t) => logText.indexOf(t))).toEqual([...texts.map((t) => logText.indexOf(t))].sort((a, b) => a - b));
    expect(rows.map((m) => m.seq)).toEqual(rows.map((_m, i) => i + 1));

    const visitorTexts = [first, second, unsent];
    const index = (t: string) => texts.indexOf(t);
    const counts = {
      sent: visitorTexts.length,
      acknowledged: visitorTexts.filter((t) => storeCounts[index(t)]! >= 1).length,
      delivered: visitorTexts.filter((t) => agentCounts[index(t)] === 1).length,
      lost: visitorTexts.filter((t) => storeCounts[index(t)] === 0 || agentCounts[index(t)] === 0 || visitorCounts[index(t)] === 0).length,
      duplicated: texts.reduce(
        (sum, _t, i) => sum + Math.max(0, storeCounts[i]! - 1) + Math.max(0, visitorCounts[i]! - 1) + Math.max(0, agentCounts[i]! - 1),
        0,
      ),
    };
    console.log(
      `reload chaos: sent ${counts.sent}, acknowledged ${counts.acknowledged}, delivered ${counts.delivered}, lost ${counts.lost}, ` +
        `duplicated ${counts.duplicated} (message:send frames dropped before the reload: ${droppedFrames})`,
    );
    expect(visitorCounts).toEqual([1, 1, 1, 1]);
    expect(agentCounts).toEqual([1, 1, 1, 1]);
    expect(storeCounts).toEqual([1, 1, 1, 1]);
    expect(counts).toEqual({ sent: 3, acknowledged: 3, delivered: 3, lost: 0, duplicated: 0 });
    expect(await page.evaluate(() => localStorage.getItem('besoin-daide:outbox'))).toBeNull();
  });
});
