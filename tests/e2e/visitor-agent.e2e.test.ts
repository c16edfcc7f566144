import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/e2eFixture';
import { loggedInAgent, visitorStartsChat } from '../support/pages';

// One real path through the product: a visitor on the demo page and an agent in the
// dashboard, two Chromium contexts, a real server and a real SQLite file.

const fixture = useServerAndBrowser();

describe('visitor on the demo page ↔ agent in the dashboard', () => {
  it('chats both ways in French with the accessible names of DESIGN §4', async () => {
    const agent = await loggedInAgent(fixture.browser(), fixture.server().url, 'karim', 'mot-de-passe-e2e');
    const { dialog } = await visitorStartsChat(fixture.browser(), fixture.server().url, {
      name: 'Alice Martin', email: 'alice@example.com', service: 'Technique', subject: 'Site en panne', message: 'Bonjour, mon site affiche une erreur 500.',
    });

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
    const chats = await fixture.server().store.listActiveChatsOfAgent((await fixture.server().store.getAgentByLogin('karim'))!.id);
    expect(chats).toHaveLength(0);
  });
});
