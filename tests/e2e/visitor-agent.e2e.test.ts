import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { startServer, type E2eServer } from '../support/server';

// One real path through the product: a visitor on the demo page and an agent in the
// dashboard, two Chromium contexts, a real server and a real SQLite file.

let server: E2eServer;
let browser: Browser;
beforeAll(async () => {
  server = await startServer();
  await server.createAgent({ login: 'karim', name: 'Karim', password: 'mot-de-passe-e2e' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function loggedInAgent(): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
  await page.goto(`${server.url}/agent`);
  await page.getByLabel('Identifiant').fill('karim');
  await page.getByLabel('Mot de passe').fill('mot-de-passe-e2e');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  const availability = page.getByRole('combobox', { name: 'Disponibilité' });
  await availability.selectOption({ label: 'Disponible' });
  await expect.poll(() => availability.inputValue(), { timeout: 10_000 }).toBe('online');
  return page;
}

describe('visitor on the demo page ↔ agent in the dashboard', () => {
  it('chats both ways in French with the accessible names of DESIGN §4', async () => {
    const agent = await loggedInAgent();
    const visitor = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
    await visitor.goto(`${server.url}/`);

    await visitor.getByRole('button', { name: "Besoin d'aide" }).click();
    const dialog = visitor.getByRole('dialog', { name: 'Assistance' });
    await dialog.waitFor({ timeout: 10_000 });
    await dialog.getByLabel('Nom').fill('Alice Martin');
    await dialog.getByLabel('E-mail').fill('alice@example.com');
    await dialog.getByLabel('Service').selectOption({ label: 'Technique' });
    await dialog.getByLabel('Sujet').fill('Site en panne');
    await dialog.getByLabel('Message', { exact: true }).fill('Bonjour, mon site affiche une erreur 500.');
    await dialog.getByRole('button', { name: 'Démarrer la discussion' }).click();

    // the agent gets the chat, named by the visitor's name and the subject
    const chatButton = agent.getByRole('button', { name: /Alice Martin.*Site en panne/ });
    await chatButton.click({ timeout: 10_000 });
    await agent.getByText('Bonjour, mon site affiche une erreur 500.').waitFor({ timeout: 10_000 });
    await expect.poll(() => dialog.getByRole('status').innerText(), { timeout: 10_000 }).toMatch(/Karim/);

    // agent → visitor
    await agent.getByRole('textbox', { name: 'Votre message' }).fill('Bonjour Alice, je regarde votre serveur.');
    await agent.getByRole('button', { name: 'Envoyer' }).click();
    await dialog.getByText('Bonjour Alice, je regarde votre serveur.').waitFor({ timeout: 10_000 });

    // visitor → agent
    await dialog.getByRole('textbox', { name: 'Votre message' }).fill('Merci ! <b>pas du HTML</b>');
    await dialog.getByRole('button', { name: 'Envoyer' }).click();
    await agent.getByText('Merci ! <b>pas du HTML</b>').waitFor({ timeout: 10_000 });
    expect(await agent.locator('b', { hasText: 'pas du HTML' }).count()).toBe(0);

    // each message shown exactly once on each side
    expect(await dialog.getByText('Bonjour Alice, je regarde votre serveur.').count()).toBe(1);
    expect(await agent.getByText('Merci ! <b>pas du HTML</b>').count()).toBe(1);

    // the visitor ends the chat; the agent sees it ended
    await dialog.getByRole('button', { name: 'Terminer la discussion' }).click();
    await agent.getByText('Le visiteur a terminé la discussion.').waitFor({ timeout: 10_000 });
    const chats = await server.store.listActiveChatsOfAgent((await server.store.getAgentByLogin('karim'))!.id);
    expect(chats).toHaveLength(0);
  });
});
