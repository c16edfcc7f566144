import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/e2eFixture';
import { loggedInAgent, visitorStartsChat } from '../support/pages';

// Rule 1 in real browsers: the agent converts a chat; the visitor's page shows the ticket
// reference; the dashboard's ticket page shows the whole conversation.

const fixture = useServerAndBrowser();

describe('conversion to a ticket', () => {
  it('the visitor sees the reference and the ticket page shows the conversation', async () => {
    const agent = await loggedInAgent(fixture.browser(), fixture.server().url, 'karim', 'mot-de-passe-e2e');
    const { dialog } = await visitorStartsChat(fixture.browser(), fixture.server().url, {
      name: 'Samir Haddad', email: 'samir@example.com', service: 'Technique', subject: 'Migration de site', message: 'Je dois migrer trois sites WordPress.',
    });
    await agent.getByRole('button', { name: /Samir Haddad.*Migration de site/ }).click({ timeout: 10_000 });
    await agent.getByRole('textbox', { name: 'Votre message' }).fill('C’est un travail long : je crée un ticket.');
    await agent.getByRole('button', { name: 'Envoyer' }).click();
    await dialog.getByText('je crée un ticket').waitFor({ timeout: 10_000 });

    await agent.getByRole('button', { name: 'Convertir en ticket' }).first().click();
    const convert = agent.getByRole('dialog', { name: 'Convertir en ticket' });
    await expect.poll(() => convert.getByLabel('Sujet').inputValue()).toBe('Migration de site');
    await convert.getByRole('button', { name: 'Créer le ticket' }).click();

    // the visitor's status region shows the reference as text
    await expect.poll(() => dialog.getByRole('status').first().innerText(), { timeout: 10_000 }).toMatch(/Ticket TCK-\d{4}-\d{6} créé/);
    const ref = /TCK-\d{4}-\d{6}/.exec(await dialog.getByRole('status').first().innerText())![0];

    // the dashboard's ticket page shows the whole conversation
    await agent.getByRole('button', { name: 'Tickets', exact: true }).click();
    await agent.getByRole('button', { name: ref }).first().click({ timeout: 10_000 });
    await agent.getByRole('heading', { name: `Ticket ${ref}` }).waitFor({ timeout: 10_000 });
    for (const text of ['Je dois migrer trois sites WordPress.', 'C’est un travail long : je crée un ticket.', 'Karim a rejoint la discussion.']) {
      await agent.getByText(text).first().waitFor({ timeout: 10_000 });
    }
    const stored = await fixture.server().store.getTicket(ref);
    expect(stored).toMatchObject({ subject: 'Migration de site', source: 'chat', requesterEmail: 'samir@example.com' });
  });
});
